package dev.kew.bench;

import dev.kew.bench.fixture.BenchKafka;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs benchmark methods of a JMH class against the bench broker and answers their events/s. */
final class JmhRates {

  private final BenchPlan plan;
  private final String bootstrapServers;
  private final PrintStream log;
  private final Path jfrDir;

  /**
   * @param jfrDir where to record every fork with JFR ({@code <benchmark>.<method>.jfr}), or null
   */
  JmhRates(BenchPlan plan, String bootstrapServers, PrintStream log, Path jfrDir) {
    this.plan = plan;
    this.bootstrapServers = bootstrapServers;
    this.log = log;
    this.jfrDir = jfrDir;
  }

  /** Runs some benchmark methods of a JMH class; events/s per measured iteration, by method. */
  Map<String, double[]> of(Class<?> benchmark, List<String> methods, Map<String, Integer> params)
      throws RunnerException {
    Map<String, double[]> rates = new HashMap<>();
    int events = params.get("events");
    for (String method : methods) {
      String name = benchmark.getName() + "." + method;
      List<String> jvmArgs = new ArrayList<>();
      if (jfrDir != null) {
        // Without DebugNonSafepoints, JFR pins samples to the wrong inlined method.
        jvmArgs.add("-XX:+UnlockDiagnosticVMOptions");
        jvmArgs.add("-XX:+DebugNonSafepoints");
        jvmArgs.add(
            "-XX:StartFlightRecording=settings=profile,filename="
                + jfrDir
                    .resolve(benchmark.getSimpleName() + "." + method + ".jfr")
                    .toAbsolutePath());
      }
      jvmArgs.add("-D" + BenchKafka.BOOTSTRAP_PROPERTY + "=" + bootstrapServers);
      jvmArgs.add("-Xmx2g");
      BenchKafka.producerOverrides()
          .forEach(
              (key, value) ->
                  jvmArgs.add("-D" + BenchKafka.PRODUCER_PROPERTY_PREFIX + key + "=" + value));
      OptionsBuilder options = new OptionsBuilder();
      options
          .include(java.util.regex.Pattern.quote(name) + "$")
          .forks(plan.jmhForks())
          .warmupIterations(plan.jmhWarmups())
          .measurementIterations(plan.jmhIterations())
          .jvmArgsAppend(jvmArgs.toArray(String[]::new))
          .shouldFailOnError(true);
      params.forEach((param, value) -> options.param(param, value.toString()));
      Collection<RunResult> results =
          new Runner(
                  options.build(),
                  OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL))
              .run();
      List<Double> perIteration = new ArrayList<>();
      for (RunResult result : results) {
        for (BenchmarkResult b : result.getBenchmarkResults()) {
          for (IterationResult i : b.getIterationResults()) {
            double millis = i.getPrimaryResult().getScore();
            perIteration.add(events / (millis / 1000));
          }
        }
      }
      if (perIteration.isEmpty()) {
        throw new IllegalStateException("JMH ran no iteration of " + name);
      }
      rates.put(method, perIteration.stream().mapToDouble(Double::doubleValue).toArray());
    }
    return rates;
  }
}
