package dev.kew.local.launch;

import dev.kew.cli.ExitCodes;
import dev.kew.local.cluster.ChurnGenerator;
import dev.kew.local.cluster.SeedData;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.local.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kew local}: an embedded Kafka broker, the simulated cluster (seeded and churning) unless a
 * real one is given, then the producer, a consumer and the history service as separate processes.
 * Stops them in the order producer, consumer, history, churn, cluster, broker, whatever ended the
 * run.
 */
public final class LocalStack {

  static final String SIMULATED_CONTEXT = SimulatedCluster.DEFAULT_CONTEXT;
  static final String SIMULATED_RESOURCES =
      "deployments,services,pods,configmaps,secrets,demo.kew.dev/v1/backups";
  private static final Duration GRACE = Duration.ofSeconds(15);
  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  private final LocalSettings settings;
  private final PrintWriter err;

  private EmbeddedKafkaBroker broker;
  private SimulatedCluster cluster;
  private ChurnGenerator churn;
  private AppProcess producer;
  private AppProcess consumer;
  private AppProcess history;
  private int producerMetricsPort;
  private int consumerMetricsPort;
  private int historyMetricsPort;
  private int historyPort;

  public LocalStack(LocalSettings settings, PrintWriter err) {
    this.settings = settings;
    this.err = err;
  }

  /** Runs the stack until Ctrl-C, the duration, or a crashed app; answers the exit code. */
  public int run() {
    Lifecycle lifecycle = new Lifecycle();
    Lifecycle.StopReason reason;
    try {
      start(lifecycle);
      banner();
      reason = lifecycle.awaitStopRequest(settings.duration());
    } catch (EmbeddedKafkaBroker.PortInUseException e) {
      stopAll();
      err.printf(
          "Error: port %d on 127.0.0.1 is already in use, so the Kafka broker cannot start: stop"
              + " what uses it or choose another port with --port (env KEW_KAFKA_PORT).%n",
          settings.kafkaPort());
      err.flush();
      return lifecycle.finish(ExitCodes.FAILURE);
    } catch (RuntimeException e) {
      log.error("kew local failed to start", e);
      stopAll();
      err.println("Error: kew local failed to start: " + e.getMessage());
      err.println("See " + settings.logDir().resolve("local-stack.log"));
      err.flush();
      return lifecycle.finish(ExitCodes.FAILURE);
    }
    log.info("Stopping: {}", reason.description());
    stopAll();
    if (reason.failed() != null) {
      AppProcess failed = reason.failed();
      err.printf(
          "Error: %s exited unexpectedly (exit code %d); everything is stopped. Its log: %s%n",
          failed.name(), failed.exitCode(), failed.logFile());
      List<String> tail = failed.logTail(15);
      if (!tail.isEmpty()) {
        err.println("Last lines of that log:");
        tail.forEach(line -> err.println("  " + line));
      }
      err.flush();
      return lifecycle.finish(ExitCodes.FAILURE);
    }
    err.printf("kew local stopped (%s).%n", reason.description());
    err.flush();
    return lifecycle.finish(ExitCodes.OK);
  }

  private void start(Lifecycle lifecycle) {
    broker = EmbeddedKafkaBroker.start(settings.kafkaDataDir(), settings.kafkaPort());
    producerMetricsPort = freePort();
    consumerMetricsPort = freePort();
    List<String> producerArgs =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--metrics-port",
                String.valueOf(producerMetricsPort)));
    if (settings.realCluster()) {
      if (settings.kubeconfig() != null) {
        producerArgs.addAll(List.of("--kubeconfig", settings.kubeconfig().toString()));
      }
      if (settings.context() != null) {
        producerArgs.addAll(List.of("--context", settings.context()));
      }
    } else {
      cluster = SimulatedCluster.start(0);
      SeedData.apply(cluster.client());
      cluster.writeKubeconfig(settings.simulatedKubeconfig(), SIMULATED_CONTEXT);
      if (settings.churnRate() > 0) {
        churn =
            new ChurnGenerator(cluster.client(), settings.churnRate(), System.nanoTime()).start();
      }
      producerArgs.addAll(
          List.of(
              "--kubeconfig",
              settings.simulatedKubeconfig().toString(),
              "--context",
              SIMULATED_CONTEXT,
              "--resources",
              SIMULATED_RESOURCES));
    }
    producer =
        AppProcess.start(
            "watcher-producer",
            settings.producerJar(),
            producerArgs,
            settings.logDir().resolve("producer.log"),
            false);
    watch(producer, lifecycle);
    consumer =
        AppProcess.start(
            "event-consumer",
            settings.consumerJar(),
            List.of(
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--output",
                settings.output(),
                "--metrics-port",
                String.valueOf(consumerMetricsPort)),
            settings.logDir().resolve("consumer.log"),
            true);
    watch(consumer, lifecycle);
    historyPort = freePort();
    historyMetricsPort = freePort();
    history =
        AppProcess.start(
            "event-history",
            settings.historyJar(),
            List.of(
                "serve",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--index-dir",
                settings.historyIndexDir().toString(),
                "--port",
                String.valueOf(historyPort),
                "--metrics-port",
                String.valueOf(historyMetricsPort)),
            settings.logDir().resolve("history.log"),
            false);
    watch(history, lifecycle);
  }

  /**
   * Stops the stack when {@code app} ends on its own. Ctrl-C in a terminal reaches the apps too
   * (same process group); the short delay lets this JVM's own shutdown claim the stop first.
   */
  private static void watch(AppProcess app, Lifecycle lifecycle) {
    app.onExit()
        .thenRunAsync(
            () ->
                lifecycle.requestStop(
                    new Lifecycle.StopReason(app.name() + " exited unexpectedly", app)),
            CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
  }

  /** A free local port for an app's metrics, so the two apps (and anything on 8080) never clash. */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free local port for metrics", e);
    }
  }

  private void banner() {
    err.println("kew local is running:");
    err.printf("  Kafka     %s (data in %s)%n", broker.bootstrapServers(), settings.kafkaDataDir());
    if (cluster != null) {
      err.printf(
          "  cluster   simulated at %s, %s changes/s; try: kubectl --kubeconfig %s get pods -A%n",
          cluster.masterUrl(), human(settings.churnRate()), settings.simulatedKubeconfig());
    } else {
      err.printf(
          "  cluster   %s%s%n",
          settings.kubeconfig() == null ? "default kubeconfig" : settings.kubeconfig(),
          settings.context() == null ? "" : ", context " + settings.context());
    }
    err.printf("  logs      %s/{local-stack,producer,consumer,history}.log%n", settings.logDir());
    err.printf(
        "  metrics   producer http://127.0.0.1:%d/metrics, consumer http://127.0.0.1:%d/metrics,"
            + " history http://127.0.0.1:%d/metrics%n",
        producerMetricsPort, consumerMetricsPort, historyMetricsPort);
    err.printf("History: http://127.0.0.1:%d/%n", historyPort);
    err.printf(
        "  events print below (--output %s). Stop with Ctrl-C%s.%n",
        settings.output(),
        settings.duration() == null ? "" : " (or wait " + human(settings.duration()) + ")");
    err.flush();
  }

  /** {@code 45s}, {@code 1m30s} rather than ISO-8601's {@code PT45S}. */
  static String human(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  public static String human(double rate) {
    return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
  }

  /** Stops what was started: producer, consumer, history, churn, cluster, broker. */
  private void stopAll() {
    if (producer != null) {
      quietly("producer", () -> producer.stop(GRACE));
    }
    if (consumer != null) {
      quietly("consumer", () -> consumer.stop(GRACE));
    }
    if (history != null) {
      quietly("history", () -> history.stop(GRACE));
    }
    if (churn != null) {
      quietly("churn", churn::stop);
    }
    if (cluster != null) {
      quietly("simulated cluster", cluster::close);
    }
    if (broker != null) {
      quietly("Kafka broker", broker::close);
    }
  }

  private static void quietly(String what, Runnable stop) {
    try {
      stop.run();
    } catch (RuntimeException e) {
      log.warn("Stopping the {} failed: {}", what, e.toString());
    }
  }
}
