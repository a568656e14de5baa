package dev.kew.bench.latency;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes changes to a cluster at a fixed rate and notes, for each, when the client's write call
 * started. The changes cycle through: merge-patch a ConfigMap's data, create a Pod, scale a
 * Deployment, delete the oldest Pod it created, so three kinds and all three event types appear and
 * the number of objects stays flat. Writes are handed to a few writer threads, so one slow write
 * does not hold back the schedule (a write that starts late is timed from when it starts).
 */
public final class ChangeDriver {

  /** A change written: its key and when the write call started. */
  public record Write(ChangeKey key, long startNanos) {}

  /** Namespace of every object the driver touches. */
  public static final String NAMESPACE = "bench";

  private static final int CONFIG_MAPS = 20;
  private static final int DEPLOYMENTS = 5;
  private static final int WRITERS = 4;

  private final KubernetesClient client;
  private final Queue<Write> writes = new ConcurrentLinkedQueue<>();
  private final Queue<Pod> created = new ConcurrentLinkedQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public ChangeDriver(KubernetesClient client) {
    this.client = client;
  }

  /** Creates the ConfigMaps and Deployments the changes patch; returns how many. */
  public int seed() {
    for (int i = 0; i < CONFIG_MAPS; i++) {
      client
          .configMaps()
          .inNamespace(NAMESPACE)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("settings-" + i)
                  .endMetadata()
                  .addToData("n", "0")
                  .build())
          .create();
    }
    for (int i = 0; i < DEPLOYMENTS; i++) {
      client
          .apps()
          .deployments()
          .inNamespace(NAMESPACE)
          .resource(
              new DeploymentBuilder()
                  .withNewMetadata()
                  .withName("web-" + i)
                  .addToLabels("app", "web-" + i)
                  .endMetadata()
                  .withNewSpec()
                  .withReplicas(1)
                  .withNewSelector()
                  .addToMatchLabels("app", "web-" + i)
                  .endSelector()
                  .withNewTemplate()
                  .withNewMetadata()
                  .addToLabels("app", "web-" + i)
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("web")
                  .withImage("registry.example.com/web:1.0.0")
                  .endContainer()
                  .endSpec()
                  .endTemplate()
                  .endSpec()
                  .build())
          .create();
    }
    return CONFIG_MAPS + DEPLOYMENTS;
  }

  /**
   * Writes {@code rate} changes per second for {@code duration}, then waits for the writes under
   * way.
   */
  public void drive(double rate, Duration duration) throws InterruptedException {
    ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    long period = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
    ticks.scheduleAtFixedRate(
        () -> writers.execute(this::writeOne), 0, period, TimeUnit.NANOSECONDS);
    try {
      Thread.sleep(duration.toMillis());
    } finally {
      ticks.shutdownNow();
      ticks.awaitTermination(5, TimeUnit.SECONDS);
      writers.shutdown();
      writers.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** Every write made so far, in no particular order. */
  public List<Write> writes() {
    return new ArrayList<>(writes);
  }

  /** Writes the API server refused or that failed. */
  public long failures() {
    return failures.get();
  }

  private void writeOne() {
    long n = sequence.getAndIncrement();
    try {
      switch ((int) (n % 4)) {
        case 0 -> patchConfigMap(n);
        case 1 -> createPod(n);
        case 2 -> scaleDeployment(n);
        default -> deletePod(n);
      }
    } catch (RuntimeException e) {
      failures.incrementAndGet();
    }
  }

  private void patchConfigMap(long n) {
    String name = "settings-" + (n / 4) % CONFIG_MAPS;
    long start = System.nanoTime();
    HasMetadata patched =
        client
            .configMaps()
            .inNamespace(NAMESPACE)
            .withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"n\":\"" + n + "\"}}");
    note("MODIFIED", "ConfigMap", patched, start);
  }

  private void scaleDeployment(long n) {
    String name = "web-" + (n / 4) % DEPLOYMENTS;
    long start = System.nanoTime();
    HasMetadata patched =
        client
            .apps()
            .deployments()
            .inNamespace(NAMESPACE)
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"replicas\":" + (2 + n % 5) + "}}");
    note("MODIFIED", "Deployment", patched, start);
  }

  private void createPod(long n) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("worker-" + n)
            .withNamespace(NAMESPACE)
            .addToLabels("app", "worker")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("worker")
            .withImage("registry.example.com/worker:2.1.0")
            .endContainer()
            .endSpec()
            .build();
    long start = System.nanoTime();
    Pod stored = client.pods().inNamespace(NAMESPACE).resource(pod).create();
    note("ADDED", "Pod", stored, start);
    created.add(stored);
  }

  private void deletePod(long n) {
    Pod oldest = created.poll();
    if (oldest == null) {
      createPod(n);
      return;
    }
    long start = System.nanoTime();
    client.pods().inNamespace(NAMESPACE).withName(oldest.getMetadata().getName()).delete();
    note("DELETED", "Pod", oldest, start);
  }

  private void note(String type, String kind, HasMetadata object, long start) {
    writes.add(
        new Write(
            ChangeKey.of(
                type,
                kind,
                NAMESPACE + "/" + object.getMetadata().getName(),
                object.getMetadata().getResourceVersion()),
            start));
  }
}
