package dev.kew.local.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults of a simulated cluster on a schedule, for people trying the producer and for soak runs:
 * every watch closed at a fixed period, and the history expired once after a delay.
 */
public final class FaultSchedule implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FaultSchedule.class);

  private final AtomicInteger closings = new AtomicInteger();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "simulated-cluster-faults");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param closeWatchesEvery period of closing every watch; null for never
   * @param expireHistoryAfter when to expire the history, once; null for never
   */
  public FaultSchedule(
      SimulatedCluster cluster, Duration closeWatchesEvery, Duration expireHistoryAfter) {
    if (closeWatchesEvery != null) {
      long period = closeWatchesEvery.toMillis();
      timer.scheduleAtFixedRate(
          () ->
              guarded(
                  "closing every watch",
                  () -> {
                    cluster.closeAllWatches();
                    closings.incrementAndGet();
                  }),
          period,
          period,
          TimeUnit.MILLISECONDS);
    }
    if (expireHistoryAfter != null) {
      timer.schedule(
          () -> guarded("expiring the history", cluster::expireHistory),
          expireHistoryAfter.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** How many times every watch was closed so far. */
  public int watchClosings() {
    return closings.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private static void guarded(String what, Runnable fault) {
    try {
      fault.run();
    } catch (RuntimeException e) {
      log.warn("Fault schedule: {} failed: {}", what, e.getMessage());
    }
  }
}
