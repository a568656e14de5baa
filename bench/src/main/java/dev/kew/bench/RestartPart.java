package dev.kew.bench;

import static dev.kew.bench.Figures.list;
import static dev.kew.bench.Figures.median;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Measures how fast a restarted producer catches up, and that it publishes nothing (row 5). */
final class RestartPart implements BenchPart {

  private static final double RESTART_GOAL_SECONDS = 10;

  private final BenchPlan plan;
  private final String bootstrapServers;
  private final PrintStream log;

  RestartPart(BenchPlan plan, String bootstrapServers, PrintStream log) {
    this.plan = plan;
    this.bootstrapServers = bootstrapServers;
    this.log = log;
  }

  @Override
  public void measureInto(Report report) throws Exception {
    int objects = plan.restartObjects();
    List<ReconciliationBenchmark.Result> rs = new ArrayList<>();
    for (int run = 1; run <= plan.runs(); run++) {
      log.printf(
          Locale.ROOT,
          "[restart] run %d/%d: %d Pods, publish, restart...%n",
          run,
          plan.runs(),
          objects);
      rs.add(
          plan.childJvms()
              ? ReconciliationBenchmark.Result.parse(
                  ChildJvm.resultOf(
                      List.of("-Xmx1g"),
                      ReconciliationBenchmark.class,
                      Integer.toString(objects),
                      bootstrapServers))
              : ReconciliationBenchmark.measure(objects, bootstrapServers));
    }
    double[] caughtUp =
        rs.stream().mapToDouble(ReconciliationBenchmark.Result::caughtUpSeconds).toArray();
    long published = rs.stream().mapToLong(ReconciliationBenchmark.Result::published).sum();
    double median = median(caughtUp);
    report.add(
        new Report.Row(
            String.format(
                Locale.ROOT, "5. Restart reconciliation of %,d Pods: caught up, events", objects),
            "<= 10 s, 0 events",
            String.format(
                Locale.ROOT,
                "**%.1f s**, **%d** events published by %d restarts",
                median,
                published,
                rs.size()),
            Report.verdict(median <= RESTART_GOAL_SECONDS && published == 0),
            median));
    report.detail(
        "restart, %d Pods: caught up per run %s s; events published per run %s; first start"
            + " (publish all as ADDED) per run %s s",
        objects,
        list(caughtUp),
        rs.stream().map(r -> Long.toString(r.published())).collect(Collectors.joining(", ")),
        list(rs.stream().mapToDouble(ReconciliationBenchmark.Result::firstStartSeconds).toArray()));
  }
}
