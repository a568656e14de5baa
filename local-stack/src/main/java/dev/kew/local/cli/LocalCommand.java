package dev.kew.local.cli;

import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.local.launch.LocalSettings;
import dev.kew.local.launch.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kew local}: the whole pipeline on this machine. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs everything on this machine: a Kafka broker (data in .kew/kafka, kept between runs), a"
          + " simulated cluster with seed objects and churn (unless --kubeconfig or --context"
          + " names a real one), the producer, and a consumer printing events here.",
      "Logs go to .kew/logs/. Ctrl-C or --duration stops everything (exit 0); a crashed producer"
          + " or consumer stops everything (exit 1)."
    })
public final class LocalCommand implements Callable<Integer> {

  static final List<String> OUTPUTS = List.of("pretty", "sentence", "json");

  @Spec CommandSpec spec;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_DURATION}",
      description = "Stop after this long, e.g. 45s or 10m (env KEW_DURATION, default: Ctrl-C).")
  String duration;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_KUBECONFIG}",
      description = "Watch the real cluster of this kubeconfig instead (env KEW_KUBECONFIG).")
  String kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_CONTEXT}",
      description = "Watch the real cluster of this kubeconfig context instead (env KEW_CONTEXT).")
  String context;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "${env:KEW_KAFKA_PORT:-9092}",
      description = "Kafka port on 127.0.0.1 (env KEW_KAFKA_PORT, default: ${DEFAULT-VALUE}).")
  String port;

  @Option(
      names = "--churn-rate",
      paramLabel = "N",
      defaultValue = "${env:KEW_CHURN_RATE:-2}",
      description =
          "Simulated-cluster changes per second; 0 for none (env KEW_CHURN_RATE, default:"
              + " ${DEFAULT-VALUE}).")
  String churnRate;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "${env:KEW_OUTPUT:-pretty}",
      description =
          "Event format: pretty, sentence or json (env KEW_OUTPUT, default: ${DEFAULT-VALUE}).")
  String output;

  @Mixin HomeOption home;

  LocalSettings settings() {
    Validation v = new Validation();
    OptionValues values = new OptionValues(v);
    Duration limit = values.optionalDuration(duration, "--duration", "KEW_DURATION").orElse(null);
    int kafkaPort = values.port(port, "--port", "KEW_KAFKA_PORT", false);
    double rate = churnRate(values, churnRate);
    String format = output == null ? "" : output.trim().toLowerCase(Locale.ROOT);
    v.check(
        OUTPUTS.contains(format),
        "--output (env KEW_OUTPUT) must be one of " + OUTPUTS + ", was '" + output + "'");
    Path config = OptionValues.optional(kubeconfig).map(Path::of).orElse(null);
    v.check(
        config == null || Files.isReadable(config),
        "--kubeconfig (env KEW_KUBECONFIG): cannot read file " + config);
    Path projectHome = home.resolve(v);
    LocalSettings settings =
        new LocalSettings(
            projectHome,
            limit,
            config,
            OptionValues.optional(context).orElse(null),
            kafkaPort,
            rate,
            format);
    for (Path jar :
        List.of(settings.producerJar(), settings.consumerJar(), settings.historyJar())) {
      v.check(
          Files.isRegularFile(jar),
          "--home (env KEW_HOME): "
              + jar
              + " is missing; build it with ./mvnw -B -q -DskipTests package (./kew does this)");
    }
    v.throwIfInvalid(spec.commandLine());
    return settings;
  }

  @Override
  public Integer call() {
    return new LocalStack(settings(), spec.commandLine().getErr()).run();
  }

  /** {@code --churn-rate} (env {@code KEW_CHURN_RATE}) of this command and of {@code cluster}. */
  static double churnRate(OptionValues values, String text) {
    return values.decimal(
        text,
        "--churn-rate",
        "KEW_CHURN_RATE",
        0,
        1000,
        "a number of changes per second from 0 (none) to 1000");
  }
}
