package dev.kew.local.cli;

import dev.kew.cli.ExitCodes;
import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.local.kafka.EmbeddedKafkaBroker;
import dev.kew.local.launch.Lifecycle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kew kafka}: only the embedded Kafka broker, in the foreground. */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Runs a single-node Kafka broker (KRaft) on 127.0.0.1 until Ctrl-C.")
public final class KafkaCommand implements Callable<Integer> {

  /** Validated settings of {@code kew kafka}. */
  record KafkaSettings(int port, Path dataDir) {}

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "${env:KEW_KAFKA_PORT:-9092}",
      description = "Client port on 127.0.0.1 (env KEW_KAFKA_PORT, default: ${DEFAULT-VALUE}).")
  String port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${env:KEW_KAFKA_DATA_DIR}",
      description =
          "Broker data; kept between runs (env KEW_KAFKA_DATA_DIR, default: .kew/kafka under"
              + " --home).")
  String dataDir;

  @Mixin HomeOption home;

  KafkaSettings settings() {
    Validation v = new Validation();
    int validPort = new OptionValues(v).port(port, "--port", "KEW_KAFKA_PORT", false);
    Path dir =
        OptionValues.optional(dataDir)
            .map(Path::of)
            .orElseGet(() -> home.resolve(v).resolve(".kew/kafka"));
    v.throwIfInvalid(spec.commandLine());
    return new KafkaSettings(validPort, dir);
  }

  @Override
  public Integer call() {
    KafkaSettings settings = settings();
    PrintWriter err = spec.commandLine().getErr();
    Lifecycle lifecycle = new Lifecycle();
    EmbeddedKafkaBroker broker;
    try {
      broker = EmbeddedKafkaBroker.start(settings.dataDir(), settings.port());
    } catch (EmbeddedKafkaBroker.PortInUseException e) {
      err.printf(
          "Error: port %d on 127.0.0.1 is already in use: stop what uses it or choose another"
              + " port with --port (env KEW_KAFKA_PORT).%n",
          settings.port());
      err.flush();
      return lifecycle.finish(ExitCodes.FAILURE);
    }
    err.printf(
        "Kafka broker on %s (data in %s). Stop with Ctrl-C.%n",
        broker.bootstrapServers(), settings.dataDir());
    err.flush();
    lifecycle.awaitStopRequest(null);
    broker.close();
    return lifecycle.finish(ExitCodes.OK);
  }
}
