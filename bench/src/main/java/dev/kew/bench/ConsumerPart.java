package dev.kew.bench;

import static dev.kew.bench.Figures.list;
import static dev.kew.bench.Figures.median;
import static dev.kew.bench.Figures.ratioRow;

import dev.kew.bench.capacity.ConsumerCapacityBenchmark;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.RunnerException;

/** Measures the consumer's events/s against a raw KafkaConsumer with JMH (row 3). */
final class ConsumerPart implements BenchPart {

  private final BenchPlan plan;
  private final JmhRates jmh;
  private final PrintStream log;

  ConsumerPart(BenchPlan plan, JmhRates jmh, PrintStream log) {
    this.plan = plan;
    this.jmh = jmh;
    this.log = log;
  }

  @Override
  public void measureInto(Report report) throws RunnerException {
    log.println(
        "[consumer] JMH: ConsumerCapacityBenchmark (kew vs rawConsumer, rawConsumerDecoding,"
            + " rawConsumerPrinting)...");
    Map<String, double[]> rates =
        jmh.of(
            ConsumerCapacityBenchmark.class,
            List.of("kew", "rawConsumer", "rawConsumerDecoding", "rawConsumerPrinting"),
            Map.of("events", plan.consumerEvents()));
    double ours = median(rates.get("kew"));
    double raw = median(rates.get("rawConsumer"));
    double floor = median(rates.get("rawConsumerPrinting"));
    report.add(
        ratioRow(
            "3. Consumer (pretty output to a null stream) vs its floor: raw KafkaConsumer that also"
                + " decodes and prints each pretty line",
            ours,
            floor,
            true));
    report.add(ratioRow("3. Consumer vs raw KafkaConsumer", ours, raw, false));
    report.add(
        ratioRow(
            "3. Consumer vs a raw KafkaConsumer that also decodes each envelope",
            ours,
            median(rates.get("rawConsumerDecoding")),
            false));
    report.add(ratioRow("3. Floor vs raw KafkaConsumer", floor, raw, false));
    report.detail(
        "consumer, events/s per iteration (%d events, fresh group each): ours %s; raw %s;"
            + " raw decoding %s; raw printing %s",
        plan.consumerEvents(),
        list(rates.get("kew")),
        list(rates.get("rawConsumer")),
        list(rates.get("rawConsumerDecoding")),
        list(rates.get("rawConsumerPrinting")));
  }
}
