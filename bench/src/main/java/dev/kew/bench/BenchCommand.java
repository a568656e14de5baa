package dev.kew.bench;

import dev.kew.bench.BenchPlan.Part;
import dev.kew.cli.Cli;
import dev.kew.local.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kew bench}: starts one embedded Kafka broker for the whole run, runs the measurements
 * (end-to-end latency, producer and consumer capacity against raw Kafka clients, memory per watched
 * object, restart reconciliation; see docs/benchmarks.md), prints progress on stderr and the
 * results table as Markdown on stdout.
 */
@Command(
    name = "kew bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures kube-event-watcher on this machine against raw Kafka clients and the seed's plain"
          + " watch, and prints the results as a Markdown table (progress on stderr).",
      "Full run about 16 minutes on 2 cores; --quick about 6. Run nothing else meanwhile."
    })
public final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--quick",
      defaultValue = "${env:KEW_BENCH_QUICK:-false}",
      description = "Fewer, shorter runs: rougher figures (env KEW_BENCH_QUICK).")
  boolean quick;

  @Option(
      names = "--runs",
      description =
          "End-to-end, memory and restart runs per point, reported as medians (env KEW_BENCH_RUNS;"
              + " default 3, or 1 with --quick).",
      defaultValue = "${env:KEW_BENCH_RUNS}")
  Integer runs;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "PART",
      defaultValue = "${env:KEW_BENCH_ONLY:-latency,producer,consumer,memory,restart,history}",
      description =
          "Measurements to run, comma list of ${COMPLETION-CANDIDATES} (env KEW_BENCH_ONLY;"
              + " default: latency,producer,consumer,memory,restart,history; cluster, soak (5 min)"
              + " and large (150,000 Pods) only when named).")
  List<Part> only;

  @Option(
      names = "--jfr",
      paramLabel = "DIR",
      defaultValue = "${env:KEW_BENCH_JFR}",
      description =
          "Record every JMH fork with Java Flight Recorder (profile settings) into DIR/<benchmark>.<method>.jfr,"
              + " for `jfr print --events jdk.ExecutionSample` (env KEW_BENCH_JFR).")
  Path jfr;

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(Cli.run(new BenchCommand(), args));
  }

  @Override
  public Integer call() throws Exception {
    if (runs != null && runs < 1) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "--runs (env KEW_BENCH_RUNS) must be 1 or more");
    }
    int n = runs != null ? runs : quick ? 1 : 3;
    EnumSet<Part> parts = EnumSet.copyOf(only);
    BenchPlan plan = quick ? BenchPlan.quick(parts, n) : BenchPlan.full(parts, n);
    Path dataDir = Files.createTempDirectory("kew-bench-kafka");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      Report report =
          new Bench(
                  plan,
                  broker.bootstrapServers(),
                  System.err,
                  jfr == null ? null : Files.createDirectories(jfr))
              .run();
      System.out.println();
      System.out.print(report.toMarkdown());
      System.out.println();
      System.out.println(Machine.describe());
    } finally {
      deleteRecursively(dataDir);
    }
    return 0;
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
