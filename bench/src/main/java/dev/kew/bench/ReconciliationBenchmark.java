package dev.kew.bench;

import dev.kew.bench.fixture.SyntheticPods;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.local.kafka.EmbeddedKafkaBroker;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.cli.ProducerCommand;
import dev.kew.producer.cli.ProducerSettings;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Restart cost of the producer with many existing objects: seeds N Pods (default 10,000) into the
 * simulated cluster (in parallel through the client: the mock is slow), lets a producer publish
 * them once, stops it, then starts a second producer and measures how long it takes until it has
 * rebuilt its state from {@code <topic>.state}, listed every object and reconciled the listing
 * ("caught up"), and how many events it published (should be 0). Kafka is an embedded broker.
 *
 * <pre>
 * java -Xmx1g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
 *   dev.kew.bench.ReconciliationBenchmark 10000
 * </pre>
 */
public final class ReconciliationBenchmark {

  private ReconciliationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int exitCode = 0;
    try {
      run(args);
    } catch (Exception e) {
      e.printStackTrace();
      exitCode = 1;
    }
    System.exit(exitCode); // the mock's and Kafka's threads would keep the JVM alive
  }

  private static void run(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path data = Files.createTempDirectory("kew-bench-kafka");
    SimulatedCluster cluster = SimulatedCluster.start(0);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, 0)) {
      KubernetesClient client = cluster.client();
      long seedStart = System.nanoTime();
      seed(client, count);
      System.out.printf("seeded %d pods in %.1f s%n", count, (System.nanoTime() - seedStart) / 1e9);

      ProducerSettings settings =
          ProducerCommand.parseSettings(
              "--bootstrap-servers",
              broker.bootstrapServers(),
              "--topic",
              "reconcile-bench",
              "--resources",
              "pods",
              "--cluster-name",
              "bench",
              "--kafka-timeout",
              "60s",
              "--max-in-flight",
              Integer.toString(count + 1000));

      long firstStart = System.nanoTime();
      try (WatcherProducer first = WatcherProducer.start(settings, client)) {
        first.awaitSynced(Duration.ofMinutes(5));
        while (first.published() < count) {
          Thread.sleep(50);
        }
        System.out.printf(
            "first start: %d ADDED events published in %.1f s%n",
            first.published(), (System.nanoTime() - firstStart) / 1e9);
      }

      // One restart per run: the mock re-sends every object to each new watch, and after a
      // few rounds of 10k it stalls its own event loop.
      for (int round = 1; round <= 1; round++) {
        awaitApiServer(client);
        long restart = System.nanoTime();
        try (WatcherProducer second = WatcherProducer.start(settings, client)) {
          boolean synced = second.awaitSynced(Duration.ofMinutes(5));
          double sweptAfter = (System.nanoTime() - restart) / 1e9;
          while (second.unchangedOnListing() + second.published() < count) {
            Thread.sleep(10);
          }
          double seconds = (System.nanoTime() - restart) / 1e9;
          System.out.printf(
              "restart %d: listed and swept=%s after %.2f s; caught up (state rebuilt, all %d"
                  + " listed objects reconciled) after %.2f s; %d events published%n",
              round, synced, sweptAfter, count, seconds, second.published());
        }
      }
    } finally {
      try {
        cluster.close();
      } catch (RuntimeException e) {
        System.out.println("(the simulated API server did not close cleanly: " + e + ")");
      }
    }
  }

  /**
   * Waits until the mock answers again: after a watch of many objects closes it can block its event
   * loop for a while (writes to the closed WebSocket time out one by one).
   */
  private static void awaitApiServer(KubernetesClient client) throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      try {
        client.namespaces().list();
        break;
      } catch (RuntimeException e) {
        Thread.sleep(1000);
      }
    }
    System.out.printf(
        "the simulated API server answered again after %.1f s%n",
        (System.nanoTime() - start) / 1e9);
  }

  private static void seed(KubernetesClient client, int count) throws Exception {
    for (int n = 0; n < 20; n++) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("shop-" + n).endMetadata().build())
          .create();
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      IntStream.range(0, 4)
          .forEach(
              worker ->
                  done.add(
                      pool.submit(
                          () -> {
                            for (int i = worker; i < count; i += 4) {
                              Pod pod = SyntheticPods.pod(i, null, "nginx:1.27", "Running");
                              pod.getMetadata().setUid(null);
                              pod.getMetadata().setResourceVersion(null);
                              client.resource(pod).create();
                            }
                          })));
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
