package dev.kew.bench.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.bench.fixture.SyntheticPods;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.model.FieldManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The topic the history is measured on: Pod {@code i}'s versions over {@link #SPAN} (ADDED, then
 * MODIFIED images by kubectl-edit or helm), {@link #NAMESPACES} namespaces, {@link #PARTITIONS}
 * partitions, zstd as the producer writes; and the bytes it takes, compressed and not.
 */
record HistoryTopic(String name, String bootstrap, Instant start, long valueBytes) {

  static final int PARTITIONS = 6;
  static final int NAMESPACES = 20;
  static final Duration SPAN = Duration.ofDays(7);

  /** Creates a fresh topic and writes {@code events} events of {@code objects} Pods into it. */
  static HistoryTopic write(String bootstrap, int events, int objects) throws Exception {
    String topic = "bench-history-" + Long.toHexString(System.nanoTime());
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      admin
          .createTopics(Set.of(new NewTopic(topic, PARTITIONS, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Instant start = Instant.now().minus(SPAN);
    return new HistoryTopic(
        topic, bootstrap, start, produce(topic, bootstrap, events, objects, start));
  }

  /** The uid of Pod {@code i}. */
  static String uid(int object) {
    return new UUID(42, object).toString();
  }

  /** A namespace of the Pods. */
  static String namespace(int i) {
    return "shop-" + i;
  }

  /** The moment {@code percent}% of the way through the span. */
  Instant at(int percent) {
    return start.plus(SPAN.multipliedBy(percent).dividedBy(100));
  }

  /** Bytes of the topic's log segments on the brokers' disks. */
  long bytesOnDisk() throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      List<Integer> brokers =
          admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
      long total = 0;
      for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
        for (var dir : dirs.values()) {
          for (var replica : dir.replicaInfos().entrySet()) {
            if (replica.getKey().topic().equals(name)) {
              total += replica.getValue().size();
            }
          }
        }
      }
      return total;
    }
  }

  /** Writes the events; returns the bytes of their keys and values before compression. */
  private static long produce(
      String topic, String bootstrap, int events, int objects, Instant start) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "key.serializer",
            StringSerializer.class.getName(),
            "value.serializer",
            ByteArraySerializer.class.getName(),
            "compression.type",
            "zstd",
            "linger.ms",
            "50",
            "batch.size",
            String.valueOf(256 << 10));
    List<ObjectNode> pods = new ArrayList<>();
    for (int i = 0; i < objects; i++) {
      pods.add(EventCodec.mapper().valueToTree(SyntheticPods.first(i, "1")));
    }
    long stepNanos = SPAN.toNanos() / events;
    long bytes = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      for (int k = 0; k < events; k++) {
        ChangeEvent event =
            version(pods.get(k % objects), k, k / objects, start.plusNanos(stepNanos * k));
        byte[] value = EventCodec.toBytes(event);
        bytes += value.length + event.uid().getBytes(StandardCharsets.UTF_8).length;
        producer.send(new ProducerRecord<>(topic, event.uid(), value));
      }
    }
    return bytes;
  }

  /** The {@code version}-th event of {@code pod}, the {@code k}-th of the topic. */
  private static ChangeEvent version(ObjectNode pod, int k, int version, Instant at) {
    ((ObjectNode) pod.get("metadata")).put("resourceVersion", Integer.toString(k + 1));
    if (version == 0) {
      return ChangeEvent.of(EventType.ADDED, "bench", at, pod);
    }
    String image = "registry.example.com/shop/web:1." + version;
    ObjectNode container = (ObjectNode) pod.at("/spec/containers/0");
    String old = container.path("image").asText();
    container.put("image", image);
    ArrayNode patch = EventCodec.mapper().createArrayNode();
    patch
        .addObject()
        .put("op", "replace")
        .put("path", "/spec/containers/0/image")
        .put("value", image)
        .put("fromValue", old);
    return ChangeEvent.of(EventType.MODIFIED, "bench", at, pod)
        .withPatch(patch)
        .withChangedBy(
            List.of(
                new FieldManager(version % 2 == 0 ? "kubectl-edit" : "helm", "Update", null, at)));
  }
}
