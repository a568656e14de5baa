package dev.kew.bench;

import dev.kew.bench.BenchPlan.Part;
import dev.kew.bench.capacity.ConsumerCapacityBenchmark;
import dev.kew.bench.capacity.ProducerStageBenchmark;
import dev.kew.bench.cluster.ClusterBenchmark;
import dev.kew.bench.fixture.BenchKafka;
import dev.kew.bench.history.HistoryBenchmark;
import dev.kew.bench.latency.LatencyRun;
import dev.kew.bench.latency.Pipeline;
import dev.kew.bench.soak.SoakRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the measurements of a {@link BenchPlan} against one broker and collects a {@link Report}.
 * Progress goes to {@code log}.
 */
public final class Bench {

  static final double LATENCY_GOAL_MILLIS = 50;
  static final double RATIO_GOAL = 0.8;
  static final double MEMORY_GOAL = 1.5;
  static final double RESTART_GOAL_SECONDS = 10;
  static final double CLUSTER_SEED_GOAL_SECONDS = 60;
  static final double CLUSTER_WRITES_GOAL = 2_000;
  static final double CLUSTER_LIST_GOAL_SECONDS = 2;

  private final BenchPlan plan;
  private final String bootstrapServers;
  private final PrintStream log;
  private final Report report = new Report();
  private final Path jfrDir;

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
    this.jfrDir = jfrDir;
  }

  public Report run() throws Exception {
    // JMH forks get it on their command line; the smoke test's in-process runs read it here.
    System.setProperty(BenchKafka.BOOTSTRAP_PROPERTY, bootstrapServers);
    if (plan.parts().contains(Part.LATENCY)) {
      latency();
    }
    if (plan.parts().contains(Part.PRODUCER)) {
      producer();
    }
    if (plan.parts().contains(Part.CONSUMER)) {
      consumer();
    }
    if (plan.parts().contains(Part.MEMORY)) {
      memory();
    }
    if (plan.parts().contains(Part.RESTART)) {
      restart();
    }
    if (plan.parts().contains(Part.CLUSTER)) {
      cluster();
    }
    if (plan.parts().contains(Part.SOAK)) {
      soak();
    }
    if (plan.parts().contains(Part.HISTORY)) {
      history();
    }
    return report;
  }

  private void latency() throws InterruptedException {
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

  private void producer() throws RunnerException {
    log.println(
        "[producer] JMH: ProducerStageBenchmark (kew vs rawProducer, rawProducerEncoding)...");
    Map<String, double[]> rates =
        jmh(
            ProducerStageBenchmark.class,
            List.of("kew", "rawProducer", "rawProducerEncoding"),
            Map.of("events", plan.producerEvents()));
    double raw = median(rates.get("rawProducer"));
    report.add(
        ratioRow(
            "2. Producer stage: sanitize+redact+diff+JSON+send vs raw KafkaProducer",
            median(rates.get("kew")),
            raw,
            true));
    report.add(
        ratioRow(
            "2. Floor: raw KafkaProducer that also encodes each object to JSON once, vs raw",
            median(rates.get("rawProducerEncoding")),
            raw,
            false));
    report.detail(
        "producer stage, events/s per iteration (%d events each): ours %s; raw %s;"
            + " raw encoding %s",
        plan.producerEvents(),
        list(rates.get("kew")),
        list(rates.get("rawProducer")),
        list(rates.get("rawProducerEncoding")));
  }

  private void consumer() throws RunnerException {
    log.println(
        "[consumer] JMH: ConsumerCapacityBenchmark (kew vs rawConsumer, rawConsumerDecoding,"
            + " rawConsumerPrinting)...");
    Map<String, double[]> rates =
        jmh(
            ConsumerCapacityBenchmark.class,
            List.of("kew", "rawConsumer", "rawConsumerDecoding", "rawConsumerPrinting"),
            Map.of("events", plan.consumerEvents()));
    double ours = median(rates.get("kew"));
    double raw = median(rates.get("rawConsumer"));
    report.add(
        ratioRow(
            "3. Consumer: pretty output to a null stream vs raw KafkaConsumer", ours, raw, true));
    report.add(
        ratioRow(
            "3. Consumer vs a raw KafkaConsumer that also decodes each envelope",
            ours,
            median(rates.get("rawConsumerDecoding")),
            false));
    report.add(
        ratioRow(
            "3. Floor: raw KafkaConsumer that also decodes and prints each pretty line, vs raw",
            median(rates.get("rawConsumerPrinting")),
            raw,
            false));
    report.detail(
        "consumer, events/s per iteration (%d events, fresh group each): ours %s; raw %s;"
            + " raw decoding %s; raw printing %s",
        plan.consumerEvents(),
        list(rates.get("kew")),
        list(rates.get("rawConsumer")),
        list(rates.get("rawConsumerDecoding")),
        list(rates.get("rawConsumerPrinting")));
  }

  /**
   * Our rate against a baseline's as a ratio; judged against {@link #RATIO_GOAL} when {@code goal},
   * else a contrast without a verdict.
   */
  private static Report.Row ratioRow(String item, double ours, double baseline, boolean goal) {
    double ratio = ours / baseline;
    return new Report.Row(
        item,
        goal ? String.format(Locale.ROOT, "ratio >= %.1f", RATIO_GOAL) : "(contrast)",
        String.format(Locale.ROOT, "%.0f vs %.0f events/s = **%.2f**", ours, baseline, ratio),
        goal ? Report.verdict(ratio >= RATIO_GOAL) : "-",
        ratio);
  }

  private void memory() throws IOException, InterruptedException {
    for (int objects : plan.memoryObjects()) {
      List<ProducerMemoryBenchmark.Result> rs = new ArrayList<>();
      for (int run = 1; run <= plan.runs(); run++) {
        log.printf(Locale.ROOT, "[memory] run %d/%d: %d Pods...%n", run, plan.runs(), objects);
        ProducerMemoryBenchmark.Result r =
            plan.childJvms()
                ? ProducerMemoryBenchmark.Result.parse(
                    resultOfChildJvm(
                        List.of("-Xmx1g", "-XX:+UseSerialGC"),
                        ProducerMemoryBenchmark.class,
                        Integer.toString(objects)))
                : ProducerMemoryBenchmark.measure(objects);
        log.printf(
            Locale.ROOT,
            "[memory]   %d bytes of heap per object, JSON %d bytes: %.2f x%n",
            r.heapBytesPerObject(),
            r.jsonBytesPerObject(),
            r.heapToJson());
        rs.add(r);
      }
      double ratio =
          median(rs.stream().mapToDouble(ProducerMemoryBenchmark.Result::heapToJson).toArray());
      double heap =
          median(
              rs.stream()
                  .mapToDouble(ProducerMemoryBenchmark.Result::heapBytesPerObject)
                  .toArray());
      double json =
          median(
              rs.stream()
                  .mapToDouble(ProducerMemoryBenchmark.Result::jsonBytesPerObject)
                  .toArray());
      report.add(
          new Report.Row(
              String.format(Locale.ROOT, "4. Producer heap per watched object, %,d Pods", objects),
              "<= 1.5 x its JSON",
              String.format(
                  Locale.ROOT, "%.0f bytes vs %.0f bytes of JSON = **%.2f x**", heap, json, ratio),
              Report.verdict(ratio <= MEMORY_GOAL),
              ratio));
      report.detail(
          "memory, %d Pods: heap/JSON per run %s; MODIFIED path (sanitize+redact+diff+store"
              + "+serialize, no Kafka) %s events/s",
          objects,
          list(rs.stream().mapToDouble(ProducerMemoryBenchmark.Result::heapToJson).toArray()),
          list(
              rs.stream()
                  .mapToDouble(ProducerMemoryBenchmark.Result::modifiedPerSecond)
                  .toArray()));
    }
  }

  private void restart() throws Exception {
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
                  resultOfChildJvm(
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

  private void cluster() throws Exception {
    int pods = plan.clusterPods();
    log.printf(Locale.ROOT, "[cluster] %,d Pods: seed, list, write...%n", pods);
    String[] args = {Integer.toString(pods), Long.toString(plan.clusterWrites().toSeconds()), "4"};
    ClusterBenchmark.Result r =
        plan.childJvms()
            ? ClusterBenchmark.Result.parse(
                resultOfChildJvm(List.of("-Xmx6g"), ClusterBenchmark.class, args))
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
            Report.verdict(r.seedSeconds() < CLUSTER_SEED_GOAL_SECONDS),
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
            Report.verdict(r.writesPerSecond() >= CLUSTER_WRITES_GOAL),
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
            Report.verdict(r.fullListSeconds() <= CLUSTER_LIST_GOAL_SECONDS),
            r.fullListSeconds()));
    report.detail(
        "cluster, %d Pods: heap %d bytes per Pod (JSON %d bytes)",
        pods, r.heapPerPod(), r.jsonPerPod());
  }

  private void soak() throws Exception {
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

  private void history() throws Exception {
    int events = plan.historyEvents();
    log.printf(
        Locale.ROOT, "[history] %,d events of %,d objects...%n", events, plan.historyObjects());
    HistoryBenchmark.Result r =
        plan.childJvms()
            ? HistoryBenchmark.Result.parse(
                resultOfChildJvm(
                    List.of("-Xmx512m"),
                    HistoryBenchmark.class,
                    Integer.toString(events),
                    Integer.toString(plan.historyObjects()),
                    bootstrapServers))
            : HistoryBenchmark.measure(events, plan.historyObjects(), bootstrapServers);
    double indexShare = 100.0 * r.indexBytes() / r.topicBytes();
    report.add(
        new Report.Row(
            String.format(Locale.ROOT, "8. History: index %,d events (from scratch)", events),
            ">= 50,000 events/s",
            String.format(Locale.ROOT, "**%,.0f events/s**", r.indexRate()),
            Report.verdict(r.indexRate() >= 50_000),
            r.indexRate()));
    report.add(
        new Report.Row(
            "8. History: one object's history (HTTP, 100 events), p99",
            "<= 50 ms",
            String.format(Locale.ROOT, "**%.1f ms**", r.historyP99Millis()),
            Report.verdict(r.historyP99Millis() <= 50),
            r.historyP99Millis()));
    report.add(
        new Report.Row(
            "8. History: a namespace at time T (HTTP), p99",
            "<= 500 ms",
            String.format(Locale.ROOT, "**%.1f ms**", r.namespaceP99Millis()),
            Report.verdict(r.namespaceP99Millis() <= 500),
            r.namespaceP99Millis()));
    report.add(
        new Report.Row(
            "8. History: index size / topic size",
            "<= 10%",
            String.format(Locale.ROOT, "**%.1f%%**", indexShare),
            Report.verdict(indexShare <= 10),
            indexShare));
    report.add(
        new Report.Row(
            String.format(
                Locale.ROOT, "8. History: heap after GC at %,d events (-Xmx512m)", events),
            "<= 512 MiB",
            String.format(Locale.ROOT, "**%.0f MiB**", r.heapMiB()),
            Report.verdict(r.heapMiB() <= 512),
            r.heapMiB()));
    report.add(
        new Report.Row(
            "8. History: the 1,000 newest events (the live view's first page, HTTP), p99",
            "<= 1 s",
            String.format(Locale.ROOT, "**%.0f ms**", r.firstViewMillis()),
            Report.verdict(r.firstViewMillis() <= 1000),
            r.firstViewMillis()));
    report.detail(
        "history, %,d events of %,d Pods over 7 days: topic %,d bytes (zstd), Lucene index %,d bytes"
            + " built in %.1f s; SQLite with the same entries: %,.0f events/s, %,d bytes (%.0f%% of"
            + " the topic), one object's history p99 %.1f ms, a namespace at T p99 %.1f ms (queries"
            + " in process, no HTTP)",
        events,
        r.objects(),
        r.topicBytes(),
        r.indexBytes(),
        r.indexSeconds(),
        r.sqliteRate(),
        r.sqliteBytes(),
        100.0 * r.sqliteBytes() / r.topicBytes(),
        r.sqliteHistoryP99Millis(),
        r.sqliteNamespaceP99Millis());
  }

  /**
   * Runs {@code main} in a fresh JVM on this class path, so no other heap use or stalled mock blurs
   * the run; returns the {@code RESULT} line it prints on stdout (its stderr is this one's).
   */
  private static String resultOfChildJvm(List<String> jvmOptions, Class<?> main, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String result = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("RESULT ")) {
          result = line;
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || result == null) {
      throw new IllegalStateException(main.getSimpleName() + " exited with " + exit);
    }
    return result;
  }

  /** Runs some benchmark methods of a JMH class; events/s per measured iteration, by method. */
  private Map<String, double[]> jmh(
      Class<?> benchmark, List<String> methods, Map<String, Integer> params)
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

  static double median(double... values) {
    return LatencyRun.median(values);
  }

  private static String list(double... values) {
    StringBuilder text = new StringBuilder();
    for (double v : values) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v));
    }
    return text.toString();
  }
}
