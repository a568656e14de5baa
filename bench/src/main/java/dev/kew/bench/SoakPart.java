package dev.kew.bench;

import dev.kew.bench.soak.SoakRun;
import java.io.PrintStream;
import java.util.Locale;

/** Runs the soak under churn and faults and reports whether kew verify finds it clean (row 7). */
final class SoakPart implements BenchPart {

  private final BenchPlan plan;
  private final String bootstrapServers;
  private final PrintStream log;

  SoakPart(BenchPlan plan, String bootstrapServers, PrintStream log) {
    this.plan = plan;
    this.bootstrapServers = bootstrapServers;
    this.log = log;
  }

  @Override
  public void measureInto(Report report) throws Exception {
    SoakRun.Result r = SoakRun.run(plan.soak(), bootstrapServers, log);
    report.add(
        new Report.Row(
            String.format(
                Locale.ROOT,
                "7. Soak: %s at %.0f changes/s, watches closed every %s, history expired once",
                plan.soak().duration(),
                plan.soak().churnRate(),
                plan.soak().closeWatchesEvery()),
            "kew verify clean",
            String.format(
                Locale.ROOT,
                "**%s** (%d changes, %d events, audit %.1f s after the churn)",
                r.audit().clean() ? "clean" : "NOT clean",
                r.changes(),
                r.published(),
                r.settledSeconds()),
            Report.verdict(r.audit().clean()),
            r.audit().findings()));
    report.detail("soak: %s", r.line());
  }
}
