package dev.kew.local.launch;

import ch.qos.logback.classic.LoggerContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * The life of a foreground command: runs until Ctrl-C / SIGTERM, a time limit, or {@link
 * #requestStop}, and lets the command stop its parts in order whatever ended it.
 *
 * <p>On a signal the JVM runs shutdown hooks and would then exit with 130 or 143; the hook here
 * instead waits until the command has stopped everything ({@link #finish}) and ends the process
 * with the command's own exit code, so Ctrl-C is a normal, successful end.
 */
public final class Lifecycle {

  /** Why the command stops. */
  public record StopReason(String description, AppProcess failed) {
    static StopReason of(String description) {
      return new StopReason(description, null);
    }
  }

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final CompletableFuture<StopReason> stopRequested = new CompletableFuture<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicInteger exitCode = new AtomicInteger();
  private final Thread hook = new Thread(this::onSignal, "kew-shutdown");

  public Lifecycle() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Asks the command to stop; the first reason wins. */
  public void requestStop(StopReason reason) {
    stopRequested.complete(reason);
  }

  /**
   * Blocks until a stop is requested or {@code limit} has passed.
   *
   * @param limit how long to run; {@code null} means no limit
   */
  public StopReason awaitStopRequest(Duration limit) {
    try {
      return limit == null
          ? stopRequested.get()
          : stopRequested.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      requestStop(StopReason.of("ran for " + LocalStack.human(limit)));
      return stopRequested.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requestStop(StopReason.of("interrupted"));
      return stopRequested.join();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records that everything is stopped; returns {@code code}, the process's exit code. */
  public int finish(int code) {
    exitCode.set(code);
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // the hook is running and ends the process with this exit code
    }
    return code;
  }

  private void onSignal() {
    requestStop(StopReason.of("signal received"));
    try {
      if (!finished.await(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        exitCode.set(1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.flush();
    System.err.flush();
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
    Runtime.getRuntime().halt(exitCode.get());
  }
}
