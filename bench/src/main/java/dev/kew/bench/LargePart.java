package dev.kew.bench;

import dev.kew.bench.large.LargeRun;
import dev.kew.local.cluster.SimulatedCluster;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Measures the producer at the largest cluster size (issue 16, rows 9): seeds the simulated cluster
 * in this JVM through its bulk path, then runs {@link LargeRun} against it over HTTP, in a JVM of
 * its own when the plan says so.
 */
final class LargePart implements BenchPart {

  private static final double HEAP_GOAL = 1.0;
  private static final double FIRST_START_GOAL_SECONDS = 30;
  private static final double RESTART_GOAL_SECONDS = 15;
  private static final double BURST_P99_GOAL_MILLIS = 1_000;

  private final BenchPlan plan;
  private final String bootstrapServers;
  private final PrintStream log;

  LargePart(BenchPlan plan, String bootstrapServers, PrintStream log) {
    this.plan = plan;
    this.bootstrapServers = bootstrapServers;
    this.log = log;
  }

  @Override
  public void measureInto(Report report) throws Exception {
    int pods = plan.largePods();
    LargeRun.Result r;
    try (SimulatedCluster cluster = SimulatedCluster.start(0)) {
      long seedStart = System.nanoTime();
      cluster.seedPods(pods);
      double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
      log.printf(
          Locale.ROOT, "[large] seeded %,d Pods in %.1f s; producer...%n", pods, seedSeconds);
      String[] args = {
        cluster.masterUrl(),
        bootstrapServers,
        Integer.toString(pods),
        Integer.toString(plan.largeBurstRate()),
        Long.toString(plan.largeBurst().toSeconds())
      };
      r =
          plan.childJvms()
              ? LargeRun.Result.parse(
                  ChildJvm.resultOf(List.of("-Xmx6g", "-XX:+UseSerialGC"), LargeRun.class, args))
              : LargeRun.measure(
                  cluster.masterUrl(),
                  bootstrapServers,
                  pods,
                  plan.largeBurstRate(),
                  plan.largeBurst());
      report.detail(
          "large, %,d Pods seeded in %.1f s (bulk path, in process); JSON per Pod %,d bytes with"
              + " managedFields, %,d sanitized; producer heap after GC %,d MB (%,d bytes per Pod);"
              + " burst p50 %.1f ms, max %.1f ms, driver %.1f ms behind at its end",
          pods,
          seedSeconds,
          r.fullJsonBytes() / pods,
          r.sanitizedJsonBytes() / pods,
          r.heapBytes() >> 20,
          r.heapBytes() / pods,
          r.burstP50Millis(),
          r.burstMaxMillis(),
          r.burstBehindMillis());
    }
    report.add(
        new Report.Row(
            String.format(Locale.ROOT, "9. %,d Pods: producer heap after GC", pods),
            "<= 1.0 x their sanitized JSON",
            String.format(
                Locale.ROOT,
                "%,d MB vs %,d MB = **%.2f x**",
                r.heapBytes() >> 20,
                r.sanitizedJsonBytes() >> 20,
                r.heapToJson()),
            Report.verdict(r.heapToJson() <= HEAP_GOAL),
            r.heapToJson()));
    report.add(
        new Report.Row(
            String.format(Locale.ROOT, "9. %,d Pods: first start, all published as ADDED", pods),
            "<= 30 s",
            String.format(Locale.ROOT, "**%.1f s**", r.firstStartSeconds()),
            Report.verdict(r.firstStartSeconds() <= FIRST_START_GOAL_SECONDS),
            r.firstStartSeconds()));
    report.add(
        new Report.Row(
            String.format(Locale.ROOT, "9. %,d Pods: restart until caught up, events", pods),
            "<= 15 s, 0 events",
            String.format(
                Locale.ROOT, "**%.1f s**, **%d** events", r.restartSeconds(), r.restartPublished()),
            Report.verdict(r.restartSeconds() <= RESTART_GOAL_SECONDS && r.restartPublished() == 0),
            r.restartSeconds()));
    report.add(
        new Report.Row(
            String.format(
                Locale.ROOT,
                "9. Burst %,d changes/s for %d s (handed to the handler), observe -> ack",
                plan.largeBurstRate(),
                plan.largeBurst().toSeconds()),
            "p99 <= 1 s, none dropped",
            String.format(
                Locale.ROOT,
                "p99 **%.0f ms**, **%d** of %,d dropped",
                r.burstP99Millis(),
                r.burstDropped(),
                r.burstChanges()),
            Report.verdict(r.burstP99Millis() <= BURST_P99_GOAL_MILLIS && r.burstDropped() == 0),
            r.burstP99Millis()));
  }
}
