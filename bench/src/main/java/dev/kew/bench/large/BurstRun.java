package dev.kew.bench.large;

import dev.kew.bench.fixture.BenchKafka;
import dev.kew.bench.fixture.Publishers;
import dev.kew.producer.publish.ContentStripes;
import dev.kew.producer.publish.EventPublisher;
import dev.kew.producer.watch.ChangeEventHandler;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A burst of changes handed to the producer's informer handler at a fixed rate, as the producer
 * stage benchmark does (the simulated cluster cannot write that fast): each change is an update of
 * one of the given Pods to its next version, the Pods taken in turn. Each change's latency runs
 * from the moment it was due (so a driver that falls behind shows) until the publisher's count of
 * acknowledged events passed it; the publisher acknowledges a transaction's events together, so
 * this counts each change as acknowledged when as many events as were handed in before it and with
 * it are.
 */
final class BurstRun {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * @param changes changes handed over
   * @param behindMillis how late the driver handed over the last change
   * @param dropped changes never acknowledged within a minute after the burst
   */
  record Result(
      long changes,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      double behindMillis,
      long dropped) {}

  private BurstRun() {}

  /**
   * Publishes {@code pods} as ADDED, then hands over {@code rate} updates per second for {@code
   * length}, to a topic of its own.
   */
  static Result measure(List<GenericKubernetesResource> pods, int rate, Duration length)
      throws InterruptedException {
    List<GenericKubernetesResource> first = pods;
    List<GenericKubernetesResource> second = new ArrayList<>(pods.size());
    for (GenericKubernetesResource pod : pods) {
      GenericKubernetesResource next =
          SERIALIZATION.unmarshal(SERIALIZATION.asJson(pod), GenericKubernetesResource.class);
      next.getMetadata().setResourceVersion(pod.getMetadata().getResourceVersion() + "0");
      Map<String, String> annotations = new HashMap<>();
      if (next.getMetadata().getAnnotations() != null) {
        annotations.putAll(next.getMetadata().getAnnotations());
      }
      annotations.put("bench.kew.dev/burst", "next");
      next.getMetadata().setAnnotations(annotations);
      second.add(next);
    }
    int changes = (int) (rate * length.toMillis() / 1000);
    String topic = BenchKafka.uniqueTopic("bench-burst");
    BenchKafka.createTopics(topic);
    EventPublisher publisher = Publishers.start(topic, changes + pods.size() + 1_000);
    try (ContentStripes stripes = ContentStripes.perCore()) {
      ChangeEventHandler handler = Publishers.handler(publisher, stripes);
      first.forEach(handler::onAdd);
      Publishers.awaitPublished(publisher, pods.size());
      long base = publisher.published();

      long[] due = new long[changes];
      long[] acked = new long[changes];
      AtomicBoolean driving = new AtomicBoolean(true);
      Thread watcher = new Thread(() -> watchAcks(publisher, base, acked, driving), "burst-acks");
      watcher.start();
      long start = System.nanoTime();
      long intervalNanos = 1_000_000_000L / rate;
      long behind = 0;
      for (int k = 0; k < changes; k++) {
        due[k] = start + k * intervalNanos;
        long now = System.nanoTime();
        if (now < due[k]) {
          LockSupport.parkNanos(due[k] - now);
        } else {
          behind = now - due[k];
        }
        int i = k % pods.size();
        boolean forward = (k / pods.size()) % 2 == 0;
        handler.onUpdate(
            forward ? first.get(i) : second.get(i), forward ? second.get(i) : first.get(i));
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (publisher.published() < base + changes && System.nanoTime() < deadline) {
        LockSupport.parkNanos(1_000_000);
      }
      driving.set(false);
      watcher.join();
      double[] latencies = new double[changes];
      long dropped = 0;
      for (int k = 0; k < changes; k++) {
        if (acked[k] == 0) {
          dropped++;
          latencies[k] = Double.MAX_VALUE;
        } else {
          latencies[k] = (acked[k] - due[k]) / 1e6;
        }
      }
      Arrays.sort(latencies);
      return new Result(
          changes,
          latencies[changes / 2],
          latencies[Math.min(changes - 1, (int) Math.ceil(changes * 0.99) - 1)],
          latencies[changes - 1],
          behind / 1e6,
          dropped);
    } finally {
      publisher.close();
    }
  }

  /** Stamps each change with the time the acknowledged count first covered it. */
  private static void watchAcks(
      EventPublisher publisher, long base, long[] acked, AtomicBoolean driving) {
    int next = 0;
    while (next < acked.length && (driving.get() || publisher.published() - base > next)) {
      long covered = Math.min(acked.length, publisher.published() - base);
      long now = System.nanoTime();
      while (next < covered) {
        acked[next++] = now;
      }
      LockSupport.parkNanos(200_000);
    }
  }
}
