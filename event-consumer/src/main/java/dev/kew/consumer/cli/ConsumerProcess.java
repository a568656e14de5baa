package dev.kew.consumer.cli;

import dev.kew.cli.ExitCodes;
import dev.kew.consumer.ConsumerSettings;
import dev.kew.consumer.EventConsumer;
import dev.kew.consumer.sink.Summarizer;
import dev.kew.ops.Health;
import dev.kew.ops.Metrics;
import dev.kew.ops.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the consumer as a process: stdout, the ops server with its health checks, and a stop on
 * SIGTERM/Ctrl-C that lets the current batch be written and committed.
 */
final class ConsumerProcess {

  private static final Logger log = LoggerFactory.getLogger(ConsumerProcess.class);

  /** The read loop polls at least every half second; this long without a poll means it is stuck. */
  private static final Duration STALLED = Duration.ofMinutes(2);

  /** How long a stop signal waits for the current batch to be written and committed. */
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final ConsumerSettings settings;

  ConsumerProcess(ConsumerSettings settings) {
    this.settings = settings;
  }

  /** Runs until the consumer stops; returns the exit code. */
  int run() {
    settings.ops().logFormat().apply();
    PrometheusMeterRegistry registry = Metrics.newRegistry("event-consumer");
    PrintStream stdout =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8);
    EventConsumer consumer =
        new EventConsumer(settings, stdout, Summarizer.PATCH, Clock.systemUTC(), registry);
    OpsServer opsServer =
        settings.ops().serveEndpoints()
            ? OpsServer.start(settings.ops(), registry, health(consumer))
            : null;
    AtomicInteger exitCode = new AtomicInteger(ExitCodes.OK);
    CountDownLatch finished = new CountDownLatch(1);
    Thread onSignal =
        new Thread(() -> stopAndExit(consumer, finished, exitCode), "event-consumer-stop");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      consumer.run();
    } catch (RuntimeException e) {
      exitCode.set(ExitCodes.FAILURE); // Cli reports the exception and exits with FAILURE
      throw e;
    } finally {
      stdout.flush();
      if (opsServer != null) {
        opsServer.close();
      }
      finished.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(onSignal);
    } catch (IllegalStateException shuttingDown) {
      // A signal arrived: the hook ends the JVM with exitCode once it sees `finished`.
    }
    return exitCode.get();
  }

  /**
   * Alive while the read loop keeps polling (a stuck sink or loop stops it); ready once the group
   * gave this consumer its partitions, while offsets can be committed (not during a Kafka outage,
   * which the consumer rides out) and while nothing keeps events from their sinks.
   */
  private static Health health(EventConsumer consumer) {
    return new Health()
        .liveness(
            "poll-loop",
            () ->
                consumer
                    .lastPoll()
                    .filter(last -> Duration.between(last, Instant.now()).compareTo(STALLED) > 0)
                    .map(last -> "no poll since " + last))
        .readiness(
            "group",
            () ->
                consumer.joined()
                    ? Optional.empty()
                    : Optional.of("waiting for partitions from the consumer group"))
        .readiness("kafka", consumer::commitProblem)
        .readiness(
            "delivery",
            () -> {
              List<String> problems = consumer.deliveryProblems();
              return problems.isEmpty()
                  ? Optional.empty()
                  : Optional.of(String.join("; ", problems));
            });
  }

  /**
   * Runs on SIGTERM/Ctrl-C: wakes the consumer, waits for it to write and commit its current batch
   * and close, then halts with the run's exit code (0 for a clean stop) rather than the JVM's
   * signal exit status.
   */
  private static void stopAndExit(
      EventConsumer consumer, CountDownLatch finished, AtomicInteger exitCode) {
    consumer.stop();
    try {
      if (finished.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        Runtime.getRuntime().halt(exitCode.get());
      }
      log.warn("Consumer did not stop within {} s; exiting anyway", STOP_TIMEOUT_SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
