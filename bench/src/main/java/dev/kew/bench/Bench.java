package dev.kew.bench;

import dev.kew.bench.BenchPlan.Part;
import dev.kew.bench.fixture.BenchKafka;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs the parts of a {@link BenchPlan} against one broker, in the plan's order, and collects their
 * rows in a {@link Report}. Progress goes to {@code log}.
 */
public final class Bench {

  private final BenchPlan plan;
  private final String bootstrapServers;
  private final PrintStream log;
  private final JmhRates jmh;

  public Bench(BenchPlan plan, String bootstrapServers, PrintStream log) {
    this(plan, bootstrapServers, log, null);
  }

  /**
   * @param jfrDir where to record every JMH fork with JFR ({@code <benchmark>.<method>.jfr}), or
   *     null
   */
  public Bench(BenchPlan plan, String bootstrapServers, PrintStream log, Path jfrDir) {
    this.plan = plan;
    this.bootstrapServers = bootstrapServers;
    this.log = log;
    this.jmh = new JmhRates(plan, bootstrapServers, log, jfrDir);
  }

  public Report run() throws Exception {
    // JMH forks get it on their command line; the smoke test's in-process runs read it here.
    System.setProperty(BenchKafka.BOOTSTRAP_PROPERTY, bootstrapServers);
    Report report = new Report();
    for (Part part : Part.values()) {
      if (plan.parts().contains(part)) {
        measure(part).measureInto(report);
      }
    }
    return report;
  }

  private BenchPart measure(Part part) {
    return switch (part) {
      case LATENCY -> new LatencyPart(plan, bootstrapServers, log);
      case PRODUCER -> new ProducerPart(plan, jmh, log);
      case CONSUMER -> new ConsumerPart(plan, jmh, log);
      case MEMORY -> new MemoryPart(plan, log);
      case RESTART -> new RestartPart(plan, bootstrapServers, log);
      case CLUSTER -> new ClusterPart(plan, log);
      case SOAK -> new SoakPart(plan, bootstrapServers, log);
      case HISTORY -> new HistoryPart(plan, bootstrapServers, log);
      case LARGE -> new LargePart(plan, bootstrapServers, log);
    };
  }
}
