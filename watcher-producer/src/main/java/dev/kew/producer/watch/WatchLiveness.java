package dev.kew.producer.watch;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the informer of a watch that stalled: silent for longer than the stall timeout (no add,
 * real update, delete or new resourceVersion from a bookmark; resyncs do not count) while the API
 * server answers a list of the same scope. A watch that cannot reach the API server is left to
 * fabric8's own reconnect. Readiness reports the stall until the new informer has listed again
 * ({@link InformerSet#problems(Duration)}).
 */
public final class WatchLiveness implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WatchLiveness.class);

  private final InformerSet informers;
  private final Duration stallTimeout;
  private final ScheduledExecutorService timer;

  private WatchLiveness(InformerSet informers, Duration stallTimeout) {
    this.informers = informers;
    this.stallTimeout = stallTimeout;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "watch-liveness");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Checks every informer of {@code informers} a few times per {@code stallTimeout}. */
  public static WatchLiveness start(InformerSet informers, Duration stallTimeout) {
    WatchLiveness liveness = new WatchLiveness(informers, stallTimeout);
    long period = Math.max(100, Math.min(stallTimeout.toMillis() / 4, 30_000));
    liveness.timer.scheduleWithFixedDelay(
        liveness::checkSafely, period, period, TimeUnit.MILLISECONDS);
    return liveness;
  }

  /** Restarts every informer that stalled; returns how many it restarted. */
  int check() {
    int restarted = 0;
    for (ScopedInformer scope : informers.informers()) {
      var informer = scope.informer();
      if (informer == null || !scope.started().isDone()) {
        continue; // paused on purpose (Kafka is behind), or listing (again): not stalled
      }
      Duration silence = scope.silence();
      if (silence.compareTo(stallTimeout) <= 0) {
        continue;
      }
      if (!scope.apiServerAnswers()) {
        log.warn(
            "No sign of life from the watch of {} for {}s, and the API server does not answer",
            scope.description(),
            silence.toSeconds());
        continue;
      }
      log.warn(
          "No sign of life from the watch of {} for {}s while the API server answers:"
              + " restarting its informer",
          scope.description(),
          silence.toSeconds());
      if (scope.restartIfStill(informer)) {
        restarted++;
      }
    }
    return restarted;
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      log.warn("Checking the watches failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
