package dev.kew.history.cli;

import dev.kew.cli.ExitCodes;
import dev.kew.cli.KafkaOptions;
import dev.kew.cli.Validation;
import dev.kew.history.HistoryApp;
import dev.kew.ops.OpsOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kew history serve}: index the topic and serve the API and the UI until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Indexes every event of the topic (all partitions, from the index's own positions; a"
          + " deleted index is rebuilt from the topic) and serves the HTTP API, its OpenAPI"
          + " document (/api/openapi.yaml), the live stream and the web UI at /.",
      "SIGTERM stops it (exit 0); Kafka failing for good exits 1; bad settings exit 2."
    })
public final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--index-dir",
      paramLabel = "DIR",
      defaultValue = "${env:KEW_INDEX_DIR:-kew-history-index}",
      description =
          "Directory of the index; created if missing, rebuilt from the topic when empty (env"
              + " KEW_INDEX_DIR, default: ${DEFAULT-VALUE}).")
  Path indexDir;

  @Option(
      names = "--address",
      paramLabel = "ADDRESS",
      defaultValue = "${env:KEW_HISTORY_ADDRESS:-127.0.0.1}",
      description =
          "Address the HTTP server binds; 0.0.0.0 only inside a container (env"
              + " KEW_HISTORY_ADDRESS, default: ${DEFAULT-VALUE}).")
  String address;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "${env:KEW_HISTORY_PORT:-8081}",
      description =
          "HTTP port of the API and the UI; 0 for any free one (env KEW_HISTORY_PORT, default:"
              + " ${DEFAULT-VALUE}).")
  String port;

  @Option(
      names = "--max-streams",
      paramLabel = "N",
      defaultValue = "${env:KEW_HISTORY_MAX_STREAMS:-64}",
      description =
          "Most live streams at once (env KEW_HISTORY_MAX_STREAMS, default: ${DEFAULT-VALUE}).")
  String maxStreams;

  @Mixin TokenOptions token;

  @Mixin OpsOptions ops;

  HistorySettings settings() {
    Validation v = new Validation();
    int httpPort = number(port, 0, 65535, "--port (env KEW_HISTORY_PORT)", v);
    int streams = number(maxStreams, 1, 10_000, "--max-streams (env KEW_HISTORY_MAX_STREAMS)", v);
    v.check(
        address != null && address.matches("[A-Za-z0-9.:\\-\\[\\]]+"),
        "--address (env KEW_HISTORY_ADDRESS) must be an IP address or host name, was '"
            + address
            + "'");
    HistorySettings settings =
        new HistorySettings(
            kafka.toConnection(v),
            indexDir,
            address,
            httpPort,
            token.toToken(v),
            streams,
            32L << 20,
            Duration.ofMinutes(1),
            ops.toSettings(v));
    v.throwIfInvalid(spec.commandLine());
    return settings;
  }

  private static int number(String value, int min, int max, String flag, Validation v) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // one message below
    }
    v.add(flag + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
    return min;
  }

  @Override
  public Integer call() throws InterruptedException {
    HistorySettings settings = settings();
    settings.ops().logFormat().apply();
    HistoryApp app = HistoryApp.start(settings, Clock.systemUTC());
    AtomicInteger exitCode = new AtomicInteger(ExitCodes.OK);
    CountDownLatch closed = new CountDownLatch(1);
    Thread onSignal =
        new Thread(
            () -> {
              app.close();
              closed.countDown();
            },
            "history-stop");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      app.stopped().get();
    } catch (ExecutionException e) {
      exitCode.set(ExitCodes.FAILURE);
      spec.commandLine().getErr().println("Error: indexing failed: " + e.getCause().getMessage());
    }
    try {
      Runtime.getRuntime().removeShutdownHook(onSignal);
      app.close();
    } catch (IllegalStateException shuttingDown) {
      closed.await();
    }
    return exitCode.get();
  }
}
