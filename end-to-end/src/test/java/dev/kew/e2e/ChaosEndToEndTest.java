package dev.kew.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under churn, in one run: the producer killed, the broker stopped, the sink failing, the consumer
 * killed mid-delivery; an independent checker then finds nothing lost, nothing twice on the topic,
 * everything delivered, and the consumer never exits on its own (it rides out the outage). {@code
 * -Dkew.chaos.plan=full} runs the version of docs/reliability.md (broker down 30 s); its figures
 * land in {@code target/chaos-figures.json}.
 */
class ChaosEndToEndTest {

  private static final Logger log = LoggerFactory.getLogger(ChaosEndToEndTest.class);
  private static final Path PROJECT = Path.of(System.getProperty("kew.project.dir"));

  @Test
  void nothingIsLostDuplicatedOrUndeliveredThroughKillsAnOutageAndAFailingSink() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")), "kcat is installed (.ci/run)");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "Debian's python3 is installed");
    ChaosRun.Plan plan =
        "full".equals(System.getProperty("kew.chaos.plan"))
            ? ChaosRun.Plan.FULL
            : ChaosRun.Plan.SHORT;
    // Kept after the run (logs of every process, the churn's and the receiver's logs).
    Path dir =
        Files.createDirectories(
            PROJECT.resolve("end-to-end/target/chaos/run-" + System.currentTimeMillis()));
    ChaosRun run =
        new ChaosRun(
            plan,
            dir,
            System.getProperty("kew.local.jar"),
            System.getProperty("kew.producer.jar"),
            System.getProperty("kew.consumer.jar"),
            PROJECT.resolve("end-to-end/src/test/python/check_chaos.py"));

    ChaosRun.Outcome outcome = run.run();

    log.info(
        "Chaos run {}: faults {}, 503s answered {}", plan, outcome.faults(), outcome.sink503s());
    Files.writeString(
        PROJECT.resolve("end-to-end/target/chaos-figures.json"),
        outcome.checkerFigures()
            + "\n"
            + outcome.faults()
            + "\nrestarts: "
            + outcome.restarts()
            + "\nsink 503s: "
            + outcome.sink503s()
            + "\n");
    assertThat(outcome.faults())
        .as("every fault was injected")
        .hasSize(4)
        .noneMatch(f -> f.contains("skipped"));
    JsonNode figures = new ObjectMapper().readTree(outcome.checkerFigures());
    assertThat(outcome.checkerExit())
        .as("checker: %s%nlogs:%n%s", outcome.checkerFigures(), run.logs())
        .isZero();
    assertThat(figures.path("lostChanges").asInt()).isZero();
    assertThat(figures.path("lostDeletes").asInt()).isZero();
    assertThat(figures.path("duplicateIdsOnTopic").asInt()).isZero();
    assertThat(figures.path("undelivered").asInt()).isZero();
    assertThat(figures.path("churnDeletions").asInt()).as("the churn deleted objects").isPositive();
    assertThat(outcome.sink503s()).as("the sink failed some deliveries").isPositive();
    assertThat(outcome.restarts())
        .as("the consumer rode out the broker outage and the failing sink without exiting")
        .isEmpty();
  }
}
