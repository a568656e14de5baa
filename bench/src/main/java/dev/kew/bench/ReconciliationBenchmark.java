package dev.kew.bench;

import dev.kew.bench.fixture.BenchKafka;
import dev.kew.bench.fixture.SyntheticPods;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.local.kafka.EmbeddedKafkaBroker;
import dev.kew.producer.ProducerSettings;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.cli.ProducerCommand;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Restart cost of the producer with many existing objects: seeds N Pods (default 10,000) into a
 * fresh simulated cluster (in parallel through the client: the mock is slow), lets a producer
 * publish them once, stops it, then starts a second producer with the same settings and measures
 * how long it takes until it has rebuilt its state from {@code <topic>.state}, listed every object
 * and reconciled the listing ("caught up"), and how many events it published (should be 0).
 *
 * <p>{@code ./kew bench} runs it in a fresh JVM per run against its broker ({@code Bench}); by
 * hand, it starts an embedded broker of its own:
 *
 * <pre>
 * java -Xmx1g -cp .kew/bench.jar dev.kew.bench.ReconciliationBenchmark 10000 [BOOTSTRAP]
 * </pre>
 *
 * <p>One restart per run: after a watch of many objects closes, the mock blocks its event loop for
 * up to ~30 s, which is waited out before the clock starts; and it re-sends every object to each
 * new watch, so rounds of 10k in one mock stall it.
 */
public final class ReconciliationBenchmark {

  /**
   * What one run found.
   *
   * @param objects Pods in the cluster
   * @param firstStartSeconds first start until all objects were published as ADDED
   * @param caughtUpSeconds restart until caught up: state rebuilt, every object listed and
   *     reconciled, the gone-while-down sweep done
   * @param published events the restart published
   */
  public record Result(
      int objects, double firstStartSeconds, double caughtUpSeconds, long published) {

    /** One line for {@code Bench} to read back from a child JVM. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "RESULT %d %.3f %.3f %d",
          objects,
          firstStartSeconds,
          caughtUpSeconds,
          published);
    }

    /** Reads {@link #line()}. */
    public static Result parse(String line) {
      String[] f = line.trim().split(" ");
      if (f.length != 5 || !f[0].equals("RESULT")) {
        throw new IllegalArgumentException("Not a result line: " + line);
      }
      return new Result(
          Integer.parseInt(f[1]),
          Double.parseDouble(f[2]),
          Double.parseDouble(f[3]),
          Long.parseLong(f[4]));
    }
  }

  private ReconciliationBenchmark() {}

  /** {@code COUNT [BOOTSTRAP]}: progress on stderr, the {@link Result#line()} on stdout. */
  public static void main(String[] args) {
    int exitCode = 0;
    try {
      int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
      Result result;
      if (args.length > 1) {
        result = measure(count, args[1]);
      } else {
        Path data = Files.createTempDirectory("kew-bench-kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, 0)) {
          result = measure(count, broker.bootstrapServers());
        }
      }
      System.out.println(result.line());
    } catch (Exception e) {
      e.printStackTrace();
      exitCode = 1;
    }
    System.exit(exitCode); // the mock's and Kafka's threads would keep the JVM alive
  }

  /**
   * One run against the broker at {@code bootstrapServers}, with a cluster and topic of its own.
   */
  public static Result measure(int count, String bootstrapServers) throws Exception {
    SimulatedCluster cluster = SimulatedCluster.start(0);
    try {
      KubernetesClient client = cluster.client();
      long seedStart = System.nanoTime();
      seed(client, count);
      progress("seeded %d pods in %.1f s", count, seconds(seedStart));

      ProducerSettings settings =
          ProducerCommand.parseSettings(
              "--bootstrap-servers",
              bootstrapServers,
              "--topic",
              BenchKafka.uniqueTopic("bench-restart"),
              "--resources",
              "pods",
              "--cluster-name",
              "bench",
              "--kafka-timeout",
              "60s",
              "--max-in-flight",
              Integer.toString(count + 1000));

      long firstStart = System.nanoTime();
      double firstStartSeconds;
      try (WatcherProducer first = WatcherProducer.start(settings, client)) {
        first.awaitSynced(Duration.ofMinutes(5));
        while (first.published() < count) {
          Thread.sleep(50);
        }
        firstStartSeconds = seconds(firstStart);
        progress(
            "first start: %d ADDED events published in %.1f s",
            first.published(), firstStartSeconds);
      }

      awaitApiServer(client);
      long restart = System.nanoTime();
      try (WatcherProducer second = WatcherProducer.start(settings, client)) {
        boolean synced = second.awaitSynced(Duration.ofMinutes(5));
        double sweptAfter = seconds(restart);
        while (second.unchangedOnListing() + second.published() < count) {
          Thread.sleep(10);
        }
        double caughtUp = seconds(restart);
        progress(
            "restart: listed and swept=%s after %.2f s; caught up (state rebuilt, all %d listed"
                + " objects reconciled) after %.2f s; %d events published",
            synced, sweptAfter, count, caughtUp, second.published());
        return new Result(count, firstStartSeconds, caughtUp, second.published());
      }
    } finally {
      try {
        cluster.close();
      } catch (RuntimeException e) {
        progress("(the simulated API server did not close cleanly: %s)", e);
      }
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[restart]   " + format + "%n", args);
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
    progress("the simulated API server answered again after %.1f s", seconds(start));
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
