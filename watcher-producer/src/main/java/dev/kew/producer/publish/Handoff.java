package dev.kew.producer.publish;

import dev.kew.model.ChangeEvent;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to the {@link Outbox} one object at a time, for the informer handler and the
 * reconciliation sweep alike. A place is reserved before any state changes ({@link #admit()}); the
 * decision about an object then runs under the lock of its UID's stripe, so the notifications of
 * one object are handled one at a time while other objects go on in parallel; a decision that
 * yields no event gives its place back.
 *
 * <p>Back-pressure: when the outbox is full the handoff pauses. It then refuses everything (and
 * counts it) until {@link #resume()}, which the reconciler calls when it restarts the informers:
 * their listing recovers what was refused. {@code onFull} is told once per pause.
 */
public final class Handoff {

  private static final Logger log = LoggerFactory.getLogger(Handoff.class);

  /** How many locks the UIDs share: enough that unrelated objects rarely wait for each other. */
  private static final int LOCK_STRIPES = 64;

  private final Outbox outbox;
  private final Object[] locks = new Object[LOCK_STRIPES];
  private final Object pauseLock = new Object();
  private final AtomicLong ignoredWhilePaused = new AtomicLong();
  private volatile Runnable onFull = () -> {};
  private volatile boolean paused;

  public Handoff(Outbox outbox) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    Arrays.setAll(locks, i -> new Object());
  }

  /** What to do (without blocking) when the outbox is full and the handoff pauses. */
  public void onFull(Runnable action) {
    this.onFull = Objects.requireNonNull(action, "action");
  }

  /**
   * Reserves a place for one event. False while paused, or when the outbox is full (which pauses):
   * the caller then drops its notification, to be recovered by the next listing.
   */
  public boolean admit() {
    if (paused) {
      ignoredWhilePaused.incrementAndGet();
      return false;
    }
    if (outbox.reserve()) {
      return true;
    }
    synchronized (pauseLock) {
      if (!paused) {
        paused = true;
        onFull.run();
      }
    }
    ignoredWhilePaused.incrementAndGet();
    return false;
  }

  /**
   * With a place reserved by {@link #admit()}: runs {@code decision} under the lock of {@code
   * uid}'s stripe and hands its event to the outbox, or gives the place back when it yields none
   * (or throws).
   *
   * @return whether an event was handed over
   */
  public boolean handOver(String uid, Supplier<Optional<ChangeEvent>> decision) {
    boolean used = false;
    try {
      synchronized (lockOf(uid)) {
        Optional<ChangeEvent> event = decision.get();
        if (event.isPresent()) {
          emit(event.get());
          used = true;
        }
      }
      return used;
    } finally {
      if (!used) {
        outbox.cancel();
      }
    }
  }

  /** Gives back a place reserved by {@link #admit()} that no event will use. */
  public void cancel() {
    outbox.cancel();
  }

  /** Ends a pause: the informers were started afresh and list everything again. */
  public void resume() {
    paused = false;
  }

  /** Whether the handoff refuses everything until {@link #resume()}. */
  public boolean paused() {
    return paused;
  }

  /** How many notifications were refused while paused (their changes come back by listing). */
  public long ignoredWhilePaused() {
    return ignoredWhilePaused.get();
  }

  private Object lockOf(String uid) {
    return locks[Math.floorMod(uid.hashCode(), LOCK_STRIPES)];
  }

  private void emit(ChangeEvent event) {
    log.debug(
        "{} {} {} rv={} ({})",
        event.type(),
        event.kind(),
        event.qualifiedName(),
        event.resourceVersion(),
        event.origin() == null ? "-" : event.origin().json());
    outbox.accept(event);
  }
}
