package dev.kew.bench.latency;

import dev.kew.local.cluster.SimulatedCluster;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One end-to-end latency measurement: a fresh simulated cluster, a pipeline ({@link
 * Pipeline.Variant}) printing to a {@link TimestampedLines} stream, and a {@link ChangeDriver}
 * writing at a fixed rate. Latency = from the start of the client's write call to the end of the
 * output line reporting that change. Writes of the warm-up are left out.
 */
public final class LatencyRun {

  /** What one run measured. Latencies in milliseconds. */
  public record Result(
      Pipeline.Variant variant,
      double targetRate,
      double writtenRate,
      int writes,
      int matched,
      long failedWrites,
      double p50Millis,
      double p99Millis,
      double maxMillis) {

    /** Changes written in the measured window whose line never came. */
    public int missing() {
      return writes - matched;
    }
  }

  private LatencyRun() {}

  public static Result run(
      Pipeline.Variant variant,
      String bootstrapServers,
      double rate,
      Duration warmUp,
      Duration measured)
      throws InterruptedException {
    TimestampedLines lines = TimestampedLines.create();
    PrintStream out = lines.printStream();
    try (SimulatedCluster cluster = SimulatedCluster.start(0)) {
      ChangeDriver driver = new ChangeDriver(cluster.client());
      int listed = driver.seed();
      try (Pipeline pipeline = variant.start(cluster, bootstrapServers, out, listed)) {
        driver.drive(rate, warmUp);
        long from = System.nanoTime();
        int before = driver.writes().size();
        driver.drive(rate, measured);
        long to = System.nanoTime();
        List<ChangeDriver.Write> writes =
            driver.writes().stream().filter(w -> w.startNanos() >= from).toList();
        Map<ChangeKey, Long> seen = awaitLines(lines, pipeline, writes, Duration.ofSeconds(10));
        double[] latencies =
            writes.stream()
                .filter(w -> seen.containsKey(w.key()))
                .mapToDouble(w -> (seen.get(w.key()) - w.startNanos()) / 1e6)
                .sorted()
                .toArray();
        double seconds = (to - from) / 1e9;
        return new Result(
            variant,
            rate,
            (driver.writes().size() - before) / seconds,
            writes.size(),
            latencies.length,
            driver.failures(),
            percentile(latencies, 50),
            percentile(latencies, 99),
            latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1]);
      }
    }
  }

  /** When each change's first line appeared; waits up to {@code grace} for the last ones. */
  private static Map<ChangeKey, Long> awaitLines(
      TimestampedLines lines, Pipeline pipeline, List<ChangeDriver.Write> writes, Duration grace)
      throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while (true) {
      Map<ChangeKey, Long> seen = new HashMap<>();
      for (TimestampedLines.Line line : lines.lines()) {
        Optional<ChangeKey> key = pipeline.parse(line.text());
        key.ifPresent(k -> seen.putIfAbsent(k, line.nanos()));
      }
      boolean all = writes.stream().allMatch(w -> seen.containsKey(w.key()));
      if (all || System.nanoTime() > deadline) {
        return seen;
      }
      Thread.sleep(200);
    }
  }

  /** Nearest-rank percentile of sorted values; NaN when there are none. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** The median of some values. */
  public static double median(double... values) {
    double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
