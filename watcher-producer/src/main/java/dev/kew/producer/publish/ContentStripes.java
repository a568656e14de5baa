package dev.kew.producer.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the content work of notifications (sanitize, redact, changedBy, diff, encode) on a fixed set
 * of worker threads ({@code kew-content-<n>}), each object's work on the stripe its UID hashes to:
 * the work of one object runs in the order it was handed over, one piece at a time, while other
 * objects go on in parallel on the other stripes.
 *
 * <p>Never blocks the caller: each stripe's queue holds work whose place in the outbox was reserved
 * first ({@link Handoff#admit()}), so the in-flight limit bounds them all. Work that throws is
 * logged and counted, and the stripe goes on with the next.
 */
public final class ContentStripes implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ContentStripes.class);

  /** The most workers: more than cores only adds switching. */
  public static final int MAX_WORKERS = 256;

  private static final Runnable STOP = () -> {};

  private final List<BlockingQueue<Runnable>> queues;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong failures = new AtomicLong();

  /** {@code workers} threads, or none (0): the work then runs on the caller's thread. */
  private ContentStripes(int workers) {
    queues = new ArrayList<>(workers);
    for (int i = 0; i < workers; i++) {
      BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
      queues.add(queue);
      Thread thread = new Thread(() -> work(queue), "kew-content-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
  }

  /** {@code workers} stripes, each on a thread of its own, started. */
  public static ContentStripes start(int workers) {
    if (workers < 1 || workers > MAX_WORKERS) {
      throw new IllegalArgumentException(
          "content workers must be 1 to " + MAX_WORKERS + ", not " + workers);
    }
    return new ContentStripes(workers);
  }

  /** One stripe per core the JVM may use. */
  public static ContentStripes perCore() {
    return start(Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
  }

  /** No threads: the work runs on the caller's thread before {@link #execute} returns. */
  public static ContentStripes direct() {
    return new ContentStripes(0);
  }

  /**
   * Runs {@code work} on the stripe of {@code uid} (null counts as one UID), after its earlier
   * work.
   */
  public void execute(String uid, Runnable work) {
    if (queues.isEmpty()) {
      work.run();
      return;
    }
    int stripe = Math.floorMod(uid == null ? 0 : spread(uid.hashCode()), queues.size());
    queues.get(stripe).add(work);
  }

  /** Stripes with a thread of their own; 0 when the work runs on the caller's thread. */
  public int workers() {
    return queues.size();
  }

  /** Pieces of work that threw (logged each). */
  public long failures() {
    return failures.get();
  }

  /**
   * Finishes the work handed over so far (waiting up to {@code timeout} in all), then stops the
   * threads. Hand nothing over afterwards.
   */
  public void close(Duration timeout) {
    queues.forEach(queue -> queue.add(STOP));
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Thread thread : threads) {
        long left = deadline - System.nanoTime();
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        if (thread.isAlive()) {
          log.warn("{} did not finish its work within {} ms", thread.getName(), timeout.toMillis());
          thread.interrupt();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      threads.forEach(Thread::interrupt);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  private void work(BlockingQueue<Runnable> queue) {
    try {
      while (true) {
        Runnable work = queue.take();
        if (work == STOP) {
          return;
        }
        try {
          work.run();
        } catch (RuntimeException e) {
          failures.incrementAndGet();
          log.error("Content work failed and was skipped", e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** UIDs differ mostly in their last characters; mix the hash so stripes fill evenly. */
  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
