package dev.kew.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.local.kafka.EmbeddedKafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every measurement of the harness for a second or two (JMH in this JVM, one short pass each)
 * and checks that each produced a figure. No timing is asserted: the figures themselves come from
 * {@code ./kew bench}.
 */
class BenchSmokeTest {

  @Test
  void everyMeasurementProducesAFigure(@TempDir Path dataDir) throws Exception {
    Report report;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      report =
          new Bench(
                  BenchPlan.smoke(),
                  broker.bootstrapServers(),
                  new PrintStream(OutputStream.nullOutputStream()))
              .run();
    }

    assertThat(report.rows())
        .extracting(row -> row.item().substring(0, 2))
        .containsExactly(
            "1.", "1/", "2.", "2.", "2.", "3.", "3.", "3.", "3.", "4.", "5.", "6.", "6.", "6.",
            "8.", "8.", "8.", "8.", "8.", "8.", "9.", "9.", "9.", "9.");
    assertThat(report.rows())
        .allSatisfy(
            row -> {
              assertThat(row.value()).as(row.item()).isFinite();
              assertThat(row.verdict()).isIn("meets", "MISSES", "-");
            });
    assertThat(report.rows())
        // 300 Pods measured in process: heap noise
        .filteredOn(row -> !row.item().startsWith("4.") && !row.item().contains("heap"))
        .allSatisfy(row -> assertThat(row.value()).as(row.item()).isPositive());
    assertThat(report.toMarkdown()).contains("| item | goal | measured | verdict |");
  }
}
