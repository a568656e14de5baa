package dev.kew.consumer.delivery;

import dev.kew.ops.PrintableText;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a sink refuses our credentials (401/403), since when and why: its lane holds its
 * deliveries meanwhile and {@code /readyz} says so. Guarded by the lane's monitor.
 */
final class CredentialsHold {

  private static final Logger log = LoggerFactory.getLogger(CredentialsHold.class);

  private final String sink;
  private final Duration retryEvery;
  private Instant since;
  private String reason;

  /**
   * @param retryEvery how often the held lane tries again (the sink's {@code maxBackoff})
   */
  CredentialsHold(String sink, Duration retryEvery) {
    this.sink = sink;
    this.retryEvery = retryEvery;
  }

  boolean held() {
    return since != null;
  }

  /** The sink refused our credentials at {@code now}. */
  void refused(String why, Instant now) {
    if (since == null) {
      since = now;
      log.warn(
          "Sink {} refuses our credentials ({}); holding its deliveries and trying again every"
              + " {} s",
          sink,
          PrintableText.cut(why, 300),
          retryEvery.toSeconds());
    }
    reason = PrintableText.cut(why, 200);
  }

  /** The sink took a delivery: the credentials work (again). */
  void accepted() {
    if (since != null) {
      log.info("Sink {} accepts our credentials again", sink);
      since = null;
    }
  }

  /** What {@code /readyz} says while held, with {@code waiting} events queued. */
  Optional<String> problem(int waiting) {
    return since == null
        ? Optional.empty()
        : Optional.of(
            "sink "
                + sink
                + ": credentials rejected ("
                + reason
                + ") since "
                + since
                + "; retrying every "
                + retryEvery.toSeconds()
                + " s, "
                + waiting
                + " events wait");
  }
}
