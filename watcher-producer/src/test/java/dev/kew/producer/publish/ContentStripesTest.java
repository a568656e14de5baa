package dev.kew.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContentStripesTest {

  @Test
  void workOfOneUidRunsInTheOrderItWasHandedOver() {
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    try (ContentStripes stripes = ContentStripes.start(4)) {
      for (int i = 0; i < 2_000; i++) {
        int step = i;
        String uid = "uid-" + (i % 10);
        stripes.execute(
            uid,
            () ->
                seen.computeIfAbsent(uid, u -> new ArrayList<>()).add(step)); // one thread per uid
      }
    }
    assertThat(seen).hasSize(10);
    seen.forEach((uid, steps) -> assertThat(steps).hasSize(200).isSorted());
  }

  @Test
  void otherUidsGoOnWhileOneStripeIsBusy() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger done = new AtomicInteger();
    try (ContentStripes stripes = ContentStripes.start(2)) {
      String blocked = "uid-0";
      stripes.execute(blocked, () -> awaitQuietly(release));
      for (int i = 1; i < 200; i++) {
        stripes.execute("uid-" + i, done::incrementAndGet);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(done.get()).isGreaterThan(0));
      release.countDown();
    }
    assertThat(done.get()).isEqualTo(199);
  }

  @Test
  void workThatThrowsIsCountedAndTheStripeGoesOn() {
    AtomicInteger after = new AtomicInteger();
    try (ContentStripes stripes = ContentStripes.start(1)) {
      stripes.execute(
          "uid-1",
          () -> {
            throw new IllegalStateException("bad object");
          });
      stripes.execute("uid-1", after::incrementAndGet);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(stripes.failures()).isEqualTo(1));
    }
    assertThat(after.get()).isEqualTo(1);
  }

  @Test
  void closeFinishesTheWorkHandedOverBefore() {
    AtomicInteger done = new AtomicInteger();
    ContentStripes stripes = ContentStripes.start(3);
    for (int i = 0; i < 5_000; i++) {
      stripes.execute("uid-" + i, done::incrementAndGet);
    }
    stripes.close(Duration.ofSeconds(30));
    assertThat(done.get()).isEqualTo(5_000);
  }

  @Test
  void directStripesRunTheWorkBeforeExecuteReturns() {
    AtomicInteger done = new AtomicInteger();
    ContentStripes stripes = ContentStripes.direct();
    stripes.execute(null, done::incrementAndGet);
    assertThat(done.get()).isEqualTo(1);
    assertThat(stripes.workers()).isZero();
  }

  @Test
  void workersOutsideTheBoundsAreRefused() {
    assertThatThrownBy(() -> ContentStripes.start(0)).hasMessageContaining("1 to 256");
    assertThatThrownBy(() -> ContentStripes.start(257)).hasMessageContaining("not 257");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
