package dev.kew.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.testing.SharedKafka;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The soak of {@code ./kew bench --only soak}, shortened to about 75 seconds (45 s of churn) so CI
 * guards it: a producer under churn at 40 changes/s while every watch is closed every 10 s and the
 * history is expired once publishes every change, every delete included, exactly once.
 */
class SoakRunTest {

  @Test
  void producerUnderChurnWithClosedWatchesAndExpiredHistoryEndsWithACleanAudit() throws Exception {
    SoakRun.Plan plan =
        new SoakRun.Plan(
            40,
            Duration.ofSeconds(60),
            Duration.ofSeconds(15),
            Duration.ofSeconds(35),
            Duration.ofSeconds(60));

    SoakRun.Result result = SoakRun.run(plan, SharedKafka.bootstrapServers(), System.err);

    assertThat(result.audit().clean()).as(result.line()).isTrue();
    assertThat(result.watchesClosed()).isGreaterThanOrEqualTo(3);
    assertThat(result.changes()).isGreaterThan(1_200);
    assertThat(result.published()).isGreaterThan(result.changes() / 2);
  }
}
