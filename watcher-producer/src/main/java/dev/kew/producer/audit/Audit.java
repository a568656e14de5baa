package dev.kew.producer.audit;

import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.model.MalformedEventException;
import dev.kew.producer.reconcile.ClusterListing;
import dev.kew.producer.reconcile.WatchScope;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the topic's last event of each object with the live cluster: reads the whole topic
 * ({@code read_committed}) and lists the watched resources, for one stream ({@link WatchScope}).
 */
public final class Audit {

  private static final Logger log = LoggerFactory.getLogger(Audit.class);

  private Audit() {}

  /** A live object: its resourceVersion and a readable name. */
  private record Live(String resourceVersion, String description) {}

  /**
   * Runs the audit.
   *
   * @param clientProperties Kafka client properties, with {@code bootstrap.servers}
   * @param timeout how long to wait for Kafka
   */
  public static AuditReport run(
      Map<String, String> clientProperties,
      String topic,
      WatchScope scope,
      KubernetesClient client,
      Duration timeout) {
    Map<String, ChangeEvent> last = new HashMap<>();
    Map<String, Integer> seen = new TreeMap<>();
    long events = readTopic(clientProperties, topic, scope, timeout, last, seen);
    Map<String, Live> live = listLive(scope, client);

    List<String> stale = new ArrayList<>();
    List<String> missingDeletes = new ArrayList<>();
    List<String> neverPublished = new ArrayList<>();
    List<String> duplicates = new ArrayList<>();
    live.forEach(
        (uid, object) -> {
          ChangeEvent event = last.get(uid);
          if (event == null) {
            neverPublished.add(object.description() + " rv=" + object.resourceVersion());
          } else if (event.type() == EventType.DELETED
              || !event.resourceVersion().equals(object.resourceVersion())) {
            stale.add(
                object.description()
                    + " last event "
                    + event.type()
                    + " rv="
                    + event.resourceVersion()
                    + ", live rv="
                    + object.resourceVersion());
          }
        });
    last.forEach(
        (uid, event) -> {
          if (!live.containsKey(uid) && event.type() != EventType.DELETED) {
            missingDeletes.add(
                describe(event) + " last event " + event.type() + " rv=" + event.resourceVersion());
          }
        });
    seen.forEach(
        (id, count) -> {
          if (count > 1) {
            duplicates.add(id + " published " + count + " times");
          }
        });
    return new AuditReport(
        events, last.size(), live.size(), stale, missingDeletes, neverPublished, duplicates);
  }

  private static long readTopic(
      Map<String, String> clientProperties,
      String topic,
      WatchScope scope,
      Duration timeout,
      Map<String, ChangeEvent> last,
      Map<String, Integer> seen) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    long events = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not read topic " + topic + " to its end within " + timeout.toMillis() + " ms");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          ChangeEvent event;
          try {
            event = EventCodec.fromBytes(record.value());
          } catch (MalformedEventException e) {
            log.warn(
                "Skipping {}-{}@{}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                e.getMessage());
            continue;
          }
          if (!scope.covers(event.cluster(), event.apiVersion(), event.kind(), event.namespace())) {
            continue;
          }
          events++;
          last.put(event.uid(), event);
          seen.merge(event.id(), 1, Integer::sum);
        }
      }
    }
    return events;
  }

  private static Map<String, Live> listLive(WatchScope scope, KubernetesClient client) {
    Map<String, Live> live = new HashMap<>();
    for (GenericKubernetesResource object : ClusterListing.list(client, scope)) {
      String ns = object.getMetadata().getNamespace();
      live.put(
          object.getMetadata().getUid(),
          new Live(
              object.getMetadata().getResourceVersion(),
              object.getApiVersion()
                  + " "
                  + object.getKind()
                  + " "
                  + (ns == null ? "" : ns + "/")
                  + object.getMetadata().getName()
                  + " uid="
                  + object.getMetadata().getUid()));
    }
    return live;
  }

  private static String describe(ChangeEvent event) {
    return event.apiVersion()
        + " "
        + event.kind()
        + " "
        + event.qualifiedName()
        + " uid="
        + event.uid();
  }
}
