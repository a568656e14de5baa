package dev.kew.consumer.cli;

import static dev.kew.consumer.Events.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kew.consumer.TopicFixture;
import dev.kew.consumer.WebhookServer;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import dev.kew.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two consumer processes in one group; one is killed (SIGKILL) mid-stream. */
class ScaleOutTest {

  @TempDir Path dir;
  private TopicFixture kafka;
  private WebhookServer webhook;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    processes.forEach(Process::destroyForcibly);
    if (webhook != null) {
      webhook.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private Process start(String name) throws Exception {
    ProcessBuilder builder =
        ChildJvm.of(
            ConsumerCommand.class,
            List.of(
                kafka.args(
                    "--group",
                    "scale-out",
                    "--webhook-url",
                    webhook.url("/hook"),
                    "-X",
                    "session.timeout.ms=6000",
                    "-X",
                    "heartbeat.interval.ms=1000")));
    builder.environment().keySet().removeIf(k -> k.startsWith("KEW_"));
    builder.environment().put("KEW_METRICS_PORT", "0"); // two consumers on one machine
    builder.redirectOutput(dir.resolve(name + ".out").toFile());
    builder.redirectError(dir.resolve(name + ".err").toFile());
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private String log(String name) throws Exception {
    return Files.readString(dir.resolve(name + ".err"));
  }

  private static List<ChangeEvent> events(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> deployment(EventType.ADDED, "shop", "app-" + i, String.valueOf(i + 1)))
        .toList();
  }

  @Test
  void twoConsumersShareThePartitionsAndWhenOneIsKilledEveryEventIsStillDelivered()
      throws Exception {
    kafka = new TopicFixture("scale-out", 6);
    webhook =
        new WebhookServer(
            n -> {
              try {
                Thread.sleep(50); // a slow endpoint, so the kill lands mid-stream
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return WebhookServer.Response.status(200);
            });
    Process first = start("first");
    await().atMost(Duration.ofSeconds(60)).until(() -> log("first").contains("Assigned"));
    start("second");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> log("second").contains("Assigned") && log("first").contains("Revoked"));

    List<ChangeEvent> before = events(0, 60);
    kafka.publish(before.toArray(ChangeEvent[]::new));
    await().atMost(Duration.ofSeconds(60)).until(() -> webhook.acceptedIds().size() >= 15);
    first.destroyForcibly(); // SIGKILL: no drain, no commit
    List<ChangeEvent> after = events(60, 80);
    kafka.publish(after.toArray(ChangeEvent[]::new));

    List<String> expected = new ArrayList<>();
    before.forEach(e -> expected.add(e.id()));
    after.forEach(e -> expected.add(e.id()));
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> new HashSet<>(webhook.acceptedIds()).containsAll(expected));
    assertThat(new HashSet<>(webhook.acceptedIds())).containsExactlyInAnyOrderElementsOf(expected);
    // The survivor took over the killed consumer's partitions in a second assignment.
    assertThat(log("second").lines().filter(l -> l.contains("Assigned")))
        .hasSizeGreaterThanOrEqualTo(2);
  }
}
