package dev.kew.bench;

import static dev.kew.bench.Figures.list;
import static dev.kew.bench.Figures.median;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Measures the producer's heap per watched object against that object's JSON (row 4). */
final class MemoryPart implements BenchPart {

  private static final double MEMORY_GOAL = 1.5;

  private final BenchPlan plan;
  private final PrintStream log;

  MemoryPart(BenchPlan plan, PrintStream log) {
    this.plan = plan;
    this.log = log;
  }

  @Override
  public void measureInto(Report report) throws IOException, InterruptedException {
    for (int objects : plan.memoryObjects()) {
      List<ProducerMemoryBenchmark.Result> rs = new ArrayList<>();
      for (int run = 1; run <= plan.runs(); run++) {
        log.printf(Locale.ROOT, "[memory] run %d/%d: %d Pods...%n", run, plan.runs(), objects);
        ProducerMemoryBenchmark.Result r =
            plan.childJvms()
                ? ProducerMemoryBenchmark.Result.parse(
                    ChildJvm.resultOf(
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
}
