package dev.kew.bench;

import static dev.kew.bench.Figures.list;
import static dev.kew.bench.Figures.median;

import dev.kew.bench.latency.LatencyRun;
import dev.kew.bench.latency.Pipeline;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the time from a Kubernetes write to its output line, ours against the seed pipeline (row
 * 1).
 */
final class LatencyPart implements BenchPart {

  private static final double LATENCY_GOAL_MILLIS = 50;

  private final BenchPlan plan;
  private final String bootstrapServers;
  private final PrintStream log;

  LatencyPart(BenchPlan plan, String bootstrapServers, PrintStream log) {
    this.plan = plan;
    this.bootstrapServers = bootstrapServers;
    this.log = log;
  }

  @Override
  public void measureInto(Report report) throws InterruptedException {
    // The first pipelines of a JVM run colder (JIT, class loading): one unrecorded run each.
    for (Pipeline.Variant variant :
        plan.warmUpRun() ? Pipeline.Variant.values() : new Pipeline.Variant[0]) {
      log.printf(Locale.ROOT, "[latency] warming up %s (not recorded)...%n", variant);
      LatencyRun.run(variant, bootstrapServers, plan.rates().get(0), plan.warmUp(), plan.warmUp());
    }
    Map<String, List<LatencyRun.Result>> results = new HashMap<>();
    for (int run = 1; run <= plan.runs(); run++) {
      for (double rate : plan.rates()) {
        for (Pipeline.Variant variant : Pipeline.Variant.values()) {
          log.printf(
              Locale.ROOT,
              "[latency] run %d/%d: %s at %.0f changes/s...%n",
              run,
              plan.runs(),
              variant,
              rate);
          LatencyRun.Result r =
              LatencyRun.run(variant, bootstrapServers, rate, plan.warmUp(), plan.measured());
          log.printf(
              Locale.ROOT,
              "[latency]   p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d of %d changes seen,"
                  + " %.0f written/s, %d failed writes%n",
              r.p50Millis(),
              r.p99Millis(),
              r.maxMillis(),
              r.matched(),
              r.writes(),
              r.writtenRate(),
              r.failedWrites());
          results.computeIfAbsent(variant + "@" + rate, k -> new ArrayList<>()).add(r);
        }
      }
    }
    for (Pipeline.Variant variant : Pipeline.Variant.values()) {
      for (double rate : plan.rates()) {
        List<LatencyRun.Result> rs = results.get(variant + "@" + rate);
        double p50 = median(rs.stream().mapToDouble(LatencyRun.Result::p50Millis).toArray());
        double p99 = median(rs.stream().mapToDouble(LatencyRun.Result::p99Millis).toArray());
        double written = median(rs.stream().mapToDouble(LatencyRun.Result::writtenRate).toArray());
        int missing = rs.stream().mapToInt(LatencyRun.Result::missing).sum();
        boolean ours = variant == Pipeline.Variant.KEW;
        String measured =
            String.format(
                Locale.ROOT,
                "p50 %.1f ms, p99 **%.1f ms** (%.0f changes/s written%s)",
                p50,
                p99,
                written,
                missing == 0 ? ", none missing" : ", " + missing + " lines MISSING");
        report.add(
            new Report.Row(
                String.format(
                    Locale.ROOT,
                    "1%s. %s write -> output line at %.0f/s",
                    ours ? "" : "/6",
                    ours ? "Ours" : "Seed (plain watch, stdout)",
                    rate),
                ours ? "p99 <= 50 ms" : "(contrast)",
                measured,
                ours ? Report.verdict(p99 <= LATENCY_GOAL_MILLIS && missing == 0) : "-",
                p99));
        report.detail(
            "%s at %.0f/s: p50 per run %s ms, p99 per run %s ms, max per run %s ms",
            variant,
            rate,
            list(rs.stream().mapToDouble(LatencyRun.Result::p50Millis).toArray()),
            list(rs.stream().mapToDouble(LatencyRun.Result::p99Millis).toArray()),
            list(rs.stream().mapToDouble(LatencyRun.Result::maxMillis).toArray()));
      }
    }
  }
}
