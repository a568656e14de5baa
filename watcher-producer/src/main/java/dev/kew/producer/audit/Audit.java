package dev.kew.producer.audit;

import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.model.MalformedEventException;
import dev.kew.producer.diff.ChangeRules;
import dev.kew.producer.reconcile.ClusterListing;
import dev.kew.producer.reconcile.StreamScope;
import dev.kew.producer.reconcile.TopicToEnd;
import dev.kew.producer.watch.ObjectSanitizer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the topic's last event of each object with the live cluster: reads the whole topic
 * ({@code read_committed}) and lists the watched resources, for one stream ({@link StreamScope}). A
 * live object is in step with its last event when it has the event's resourceVersion, or when it
 * differs from the event's object by no change at all ({@link ChangeRules}: e.g. scaled up and back
 * down while the producer was down): the producer publishes only changes.
 */
public final class Audit {

  private static final Logger log = LoggerFactory.getLogger(Audit.class);

  private Audit() {}

  /** A live object, its resourceVersion and a readable name. */
  private record Live(
      GenericKubernetesResource object, String resourceVersion, String description) {}

  /**
   * Runs the audit.
   *
   * @param clientProperties Kafka client properties, with {@code bootstrap.servers}
   * @param sanitizer makes the published form of a live object, as the producer does
   * @param rules what counts as a change, as for the producer
   * @param timeout how long to wait for Kafka
   */
  public static AuditReport run(
      Map<String, String> clientProperties,
      String topic,
      StreamScope scope,
      KubernetesClient client,
      ObjectSanitizer sanitizer,
      ChangeRules rules,
      Duration timeout) {
    Map<String, ChangeEvent> last = new HashMap<>();
    Map<String, Integer> seen = new TreeMap<>();
    readTopic(clientProperties, topic, scope, timeout, last, seen);
    long events = seen.values().stream().mapToLong(Integer::longValue).sum();
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
              || !inStep(event, object, sanitizer, rules)) {
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

  /** Keeps the last in-scope event of each object and counts each event id. */
  private static void readTopic(
      Map<String, String> clientProperties,
      String topic,
      StreamScope scope,
      Duration timeout,
      Map<String, ChangeEvent> last,
      Map<String, Integer> seen) {
    TopicToEnd.read(
        clientProperties,
        topic,
        timeout,
        record -> {
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
            return;
          }
          if (scope.covers(event.cluster(), event.apiVersion(), event.kind(), event.namespace())) {
            last.put(event.uid(), event);
            seen.merge(event.id(), 1, Integer::sum);
          }
        });
  }

  private static Map<String, Live> listLive(StreamScope scope, KubernetesClient client) {
    Map<String, Live> live = new HashMap<>();
    for (GenericKubernetesResource object : ClusterListing.list(client, scope)) {
      String ns = object.getMetadata().getNamespace();
      live.put(
          object.getMetadata().getUid(),
          new Live(
              object,
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

  /**
   * Whether {@code live} is what {@code event} published: the same resourceVersion, or (for an
   * event that carries the whole object) no change since.
   */
  private static boolean inStep(
      ChangeEvent event, Live live, ObjectSanitizer sanitizer, ChangeRules rules) {
    if (event.resourceVersion().equals(live.resourceVersion())) {
      return true;
    }
    return !event.truncated()
        && !rules.changed(event.kind(), event.object(), sanitizer.sanitize(live.object()));
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
