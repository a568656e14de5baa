package dev.kew.producer.publish;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the events handed to the publisher and not yet committed, and refuses more than the limit
 * ({@code --max-in-flight}) without ever blocking the caller.
 */
final class InFlightLimit {

  private final int limit;
  private final Semaphore places;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  InFlightLimit(int limit) {
    this.limit = limit;
    this.places = new Semaphore(limit);
  }

  /** Takes a place for one event; false when all are taken. */
  boolean tryReserve() {
    if (!places.tryAcquire()) {
      return false;
    }
    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    return true;
  }

  /** Gives back {@code count} places: their events were committed, or never came. */
  void release(int count) {
    inFlight.addAndGet(-count);
    places.release(count);
  }

  int inFlight() {
    return inFlight.get();
  }

  int peak() {
    return peak.get();
  }

  int limit() {
    return limit;
  }
}
