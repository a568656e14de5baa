package dev.kew.producer.cli;

import dev.kew.cli.ExitCodes;
import dev.kew.ops.Health;
import dev.kew.ops.Metrics;
import dev.kew.ops.OpsServer;
import dev.kew.producer.ProducerSettings;
import dev.kew.producer.StartupException;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.discovery.ResourceCatalog;
import dev.kew.producer.ha.LeaderElectionSettings;
import dev.kew.producer.ha.Leadership;
import dev.kew.producer.ops.ProducerMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Runs the producer process from start to exit code: the metrics and probe endpoints, the
 * Kubernetes client, the watcher (or the leader election that runs it while leading), and the
 * shutdown on SIGTERM.
 */
final class ProducerProcess {

  private static final Logger log = LoggerFactory.getLogger(ProducerProcess.class);

  private final ProducerSettings settings;
  private final CommandLine cmd;

  /**
   * @param cmd the command line, for usage errors and for printing failures on its stderr
   */
  ProducerProcess(ProducerSettings settings, CommandLine cmd) {
    this.settings = settings;
    this.cmd = cmd;
  }

  /** The watcher, or with leader election the candidate that runs it while leading. */
  private record Running(
      CompletableFuture<Void> failure, Supplier<List<String>> readiness, Runnable close) {}

  /**
   * Starts everything and blocks until a failure or a shutdown signal.
   *
   * @return the exit code
   * @throws ParameterException when the start fails on bad usage (an unknown resource or context)
   */
  int run() throws InterruptedException {
    settings.ops().logFormat().apply();
    PrometheusMeterRegistry registry = Metrics.newRegistry("watcher-producer");
    ProducerMetrics metrics = new ProducerMetrics(registry);
    AtomicReference<Running> running = new AtomicReference<>();
    OpsServer server;
    try {
      server =
          settings.ops().serveEndpoints()
              ? OpsServer.start(settings.ops(), registry, health(running))
              : null;
    } catch (UncheckedIOException e) {
      return failure(e.getMessage() + ": " + e.getCause().getMessage());
    }
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(ClusterConfig.loadChecked(settings, cmd)).build();
    try {
      running.set(start(client, metrics));
    } catch (StartupException e) {
      client.close();
      if (server != null) {
        server.close();
      }
      if (e.badUsage()) {
        throw new ParameterException(cmd, e.getMessage(), e);
      }
      return failure(e.getMessage());
    }
    return runUntilStopped(running.get(), client, server);
  }

  private Running start(KubernetesClient client, ProducerMetrics metrics) {
    LeaderElectionSettings election = settings.leaderElection();
    if (!election.enabled()) {
      WatcherProducer watcher = WatcherProducer.start(settings, client, metrics);
      metrics.leader(true);
      return new Running(watcher.failure(), watcher::readinessProblems, watcher::close);
    }
    ResourceCatalog.discover(client).resolveAll(settings.resources()); // bad names fail now
    Leadership leadership =
        Leadership.start(
            client, election, metrics, () -> WatcherProducer.start(settings, client, metrics));
    return new Running(leadership.failure(), leadership::readinessProblems, leadership::close);
  }

  /** Alive until a fatal failure; ready once {@link Running} says so. */
  private static Health health(AtomicReference<Running> running) {
    return new Health()
        .liveness(
            "producer",
            () ->
                Optional.ofNullable(running.get())
                    .filter(r -> r.failure().isCompletedExceptionally())
                    .map(r -> "stopped after a failure"))
        .readiness(
            "watch",
            () -> {
              Running current = running.get();
              List<String> problems =
                  current == null ? List.of("starting") : current.readiness().get();
              return problems.isEmpty()
                  ? Optional.empty()
                  : Optional.of(String.join("; ", problems));
            });
  }

  private int failure(String message) {
    PrintWriter err = cmd.getErr();
    err.println("Error: " + message);
    err.flush();
    return ExitCodes.FAILURE;
  }

  /**
   * Blocks until a failure or a shutdown signal. On SIGTERM / Ctrl-C the shutdown hook stops the
   * informers (and leaves the leader election, releasing the Lease), flushes and closes the
   * producer, then ends the JVM with exit code 0 (a JVM ended by a signal would otherwise report
   * 128 + signal). A failure, a lost lead included, ends with exit code 1.
   */
  private static int runUntilStopped(Running running, KubernetesClient client, OpsServer server)
      throws InterruptedException {
    Runnable stop =
        () -> {
          running.close().run();
          client.close();
          if (server != null) {
            server.close();
          }
        };
    Thread hook =
        new Thread(
            () -> {
              log.info("Shutting down");
              stop.run();
              Runtime.getRuntime()
                  .halt(
                      running.failure().isCompletedExceptionally()
                          ? ExitCodes.FAILURE
                          : ExitCodes.OK);
            },
            "watcher-producer-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      running.failure().get();
    } catch (ExecutionException e) {
      // Already logged where it happened (send callback, informer, leader election).
      log.info("Stopping after a failure");
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return ExitCodes.FAILURE; // the JVM is shutting down: the hook closes and exits
    }
    stop.run();
    return ExitCodes.FAILURE;
  }
}
