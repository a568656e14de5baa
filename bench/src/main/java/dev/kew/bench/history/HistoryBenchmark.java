package dev.kew.bench.history;

import dev.kew.cli.KafkaConnection;
import dev.kew.history.HistoryApp;
import dev.kew.history.cli.HistorySettings;
import dev.kew.ops.LogFormat;
import dev.kew.ops.OpsSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The history service's goals (docs/history.md): a topic of realistic Pod events ({@link
 * HistoryTopic}) indexed from scratch by the service, then one object's history, a namespace at a
 * moment and the newest events asked through its HTTP API; the same entries in SQLite for
 * comparison ({@link SqliteComparison}). Runs in a child JVM with {@code -Xmx512m}: the heap goal
 * is the limit.
 */
public final class HistoryBenchmark {

  private HistoryBenchmark() {}

  /** {@code HistoryBenchmark EVENTS OBJECTS BOOTSTRAP}: prints one {@link HistoryResult} line. */
  public static void main(String[] args) {
    int exitCode = 0;
    try {
      System.out.println(
          measure(Integer.parseInt(args[0]), Integer.parseInt(args[1]), args[2]).line());
    } catch (Exception e) {
      e.printStackTrace();
      exitCode = 1;
    }
    System.exit(exitCode);
  }

  /** Writes the topic, indexes it, asks it; the same in SQLite. */
  public static HistoryResult measure(int events, int objects, String bootstrap) throws Exception {
    log("writing %,d events of %,d Pods", events, objects);
    HistoryTopic topic = HistoryTopic.write(bootstrap, events, objects);
    long topicBytes = topic.bytesOnDisk();
    Path dir = Files.createTempDirectory("kew-bench-history");
    HistorySettings settings =
        new HistorySettings(
            new KafkaConnection(bootstrap, topic.name(), Map.of("bootstrap.servers", bootstrap)),
            dir.resolve("index"),
            "127.0.0.1",
            0,
            null,
            8,
            32L << 20,
            Duration.ofMinutes(1),
            new OpsSettings(-1, "127.0.0.1", LogFormat.TEXT));
    long t0 = System.nanoTime();
    long cpu0 = processCpuNanos();
    try (HistoryApp app = HistoryApp.start(settings, Clock.systemUTC())) {
      app.caughtUp().get(30, TimeUnit.MINUTES);
      double indexSeconds = (System.nanoTime() - t0) / 1e9;
      double indexCpuSeconds = (processCpuNanos() - cpu0) / 1e9;
      log("indexed in %.1f s (%.1f s of CPU)", indexSeconds, indexCpuSeconds);
      HistoryHttp api = new HistoryHttp(app.port());
      Random random = new Random(7);
      double history =
          api.p99(
              1000,
              () -> "/api/v1/history?limit=100&uid=" + HistoryTopic.uid(random.nextInt(objects)));
      double namespace =
          api.p99(
              100,
              () ->
                  "/api/v1/snapshot?limit=1000&namespace="
                      + HistoryTopic.namespace(random.nextInt(HistoryTopic.NAMESPACES))
                      + "&at="
                      + topic.at(random.nextInt(100)));
      double firstView = api.p99(20, () -> "/api/v1/events?limit=1000");
      System.gc();
      double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
      IndexFiles files = IndexFiles.of(dir.resolve("index"));
      log("index files by kind: %s", files);
      SqliteComparison.Figures sqlite =
          SqliteComparison.measure(topic, dir.resolve("sqlite.db"), events, objects);
      return new HistoryResult(
          events,
          objects,
          indexSeconds,
          indexCpuSeconds,
          topicBytes,
          topic.valueBytes(),
          files.total(),
          history,
          namespace,
          firstView,
          heap,
          sqlite.seconds(),
          sqlite.bytes(),
          sqlite.historyP99Millis(),
          sqlite.namespaceP99Millis());
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[history] " + format + "%n", args);
  }
}
