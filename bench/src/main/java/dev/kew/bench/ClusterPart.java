package dev.kew.bench;

import dev.kew.bench.cluster.ClusterBenchmark;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Measures the simulated cluster at scale: seeding, writes and a full list (row 6). */
final class ClusterPart implements BenchPart {

  private static final double SEED_GOAL_SECONDS = 60;
  private static final double WRITES_GOAL = 2_000;
  private static final double LIST_GOAL_SECONDS = 2;

  private final BenchPlan plan;
  private final PrintStream log;

  ClusterPart(BenchPlan plan, PrintStream log) {
    this.plan = plan;
    this.log = log;
  }

  @Override
  public void measureInto(Report report) throws Exception {
    int pods = plan.clusterPods();
    log.printf(Locale.ROOT, "[cluster] %,d Pods: seed, list, write...%n", pods);
    String[] args = {Integer.toString(pods), Long.toString(plan.clusterWrites().toSeconds()), "4"};
    ClusterBenchmark.Result r =
        plan.childJvms()
            ? ClusterBenchmark.Result.parse(
                ChildJvm.resultOf(List.of("-Xmx6g"), ClusterBenchmark.class, args))
            : ClusterBenchmark.measure(pods, plan.clusterWrites(), 4);
    report.add(
        new Report.Row(
            String.format(Locale.ROOT, "6. Simulated cluster: seed %,d Pods", pods),
            "< 60 s",
            String.format(
                Locale.ROOT,
                "**%.1f s** (%,d bytes of JSON per Pod)",
                r.seedSeconds(),
                r.jsonPerPod()),
            Report.verdict(r.seedSeconds() < SEED_GOAL_SECONDS),
            r.seedSeconds()));
    report.add(
        new Report.Row(
            String.format(Locale.ROOT, "6. Simulated cluster: writes at %,d Pods", pods),
            ">= 2,000/s",
            String.format(
                Locale.ROOT,
                "**%.0f/s** (4 HTTP writers, %d refused)",
                r.writesPerSecond(),
                r.failedWrites()),
            Report.verdict(r.writesPerSecond() >= WRITES_GOAL),
            r.writesPerSecond()));
    report.add(
        new Report.Row(
            String.format(Locale.ROOT, "6. Simulated cluster: full list of %,d Pods", pods),
            "<= 2 s",
            String.format(
                Locale.ROOT,
                "**%.2f s** (%,d MB; %d pages of 500 in %.2f s)",
                r.fullListSeconds(),
                (long) r.jsonPerPod() * pods / 1_000_000,
                r.pages(),
                r.pagedListSeconds()),
            Report.verdict(r.fullListSeconds() <= LIST_GOAL_SECONDS),
            r.fullListSeconds()));
    report.detail(
        "cluster, %d Pods: heap %d bytes per Pod (JSON %d bytes)",
        pods, r.heapPerPod(), r.jsonPerPod());
  }
}
