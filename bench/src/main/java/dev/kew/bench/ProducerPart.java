package dev.kew.bench;

import static dev.kew.bench.Figures.list;
import static dev.kew.bench.Figures.median;
import static dev.kew.bench.Figures.ratioRow;

import dev.kew.bench.capacity.ProducerStageBenchmark;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.RunnerException;

/** Measures the producer stage's events/s against a raw KafkaProducer with JMH (row 2). */
final class ProducerPart implements BenchPart {

  private final BenchPlan plan;
  private final JmhRates jmh;
  private final PrintStream log;

  ProducerPart(BenchPlan plan, JmhRates jmh, PrintStream log) {
    this.plan = plan;
    this.jmh = jmh;
    this.log = log;
  }

  @Override
  public void measureInto(Report report) throws RunnerException {
    log.println(
        "[producer] JMH: ProducerStageBenchmark (kew vs rawProducer, rawProducerEncoding)...");
    Map<String, double[]> rates =
        jmh.of(
            ProducerStageBenchmark.class,
            List.of("kew", "rawProducer", "rawProducerEncoding"),
            Map.of("events", plan.producerEvents()));
    double ours = median(rates.get("kew"));
    double raw = median(rates.get("rawProducer"));
    double floor = median(rates.get("rawProducerEncoding"));
    report.add(
        ratioRow(
            "2. Producer stage (sanitize+redact+diff+JSON+send) vs its floor: raw KafkaProducer"
                + " that also encodes each object to JSON once",
            ours,
            floor,
            true));
    report.add(ratioRow("2. Producer stage vs raw KafkaProducer", ours, raw, false));
    report.add(ratioRow("2. Floor vs raw KafkaProducer", floor, raw, false));
    report.detail(
        "producer stage, events/s per iteration (%d events each): ours %s; raw %s;"
            + " raw encoding %s",
        plan.producerEvents(),
        list(rates.get("kew")),
        list(rates.get("rawProducer")),
        list(rates.get("rawProducerEncoding")));
  }
}
