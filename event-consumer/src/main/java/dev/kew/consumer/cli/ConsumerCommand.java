package dev.kew.consumer.cli;

import dev.kew.cli.Cli;
import dev.kew.cli.KafkaConnection;
import dev.kew.cli.KafkaOptions;
import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.consumer.ConsumerSettings;
import dev.kew.consumer.config.SinkSetup;
import dev.kew.consumer.filter.EventFilter;
import dev.kew.consumer.output.OutputFormat;
import dev.kew.consumer.replay.ObjectQuery;
import dev.kew.ops.OpsOptions;
import dev.kew.ops.OpsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code event-consumer} command line: its flags, grouped in mixins (each sink type brings its
 * own), become one validated {@link ConsumerSettings}, which {@link ConsumerProcess} runs.
 */
@Command(
    name = "event-consumer",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Prints the Kubernetes change events of a Kafka topic on stdout, one per line, or forwards"
          + " them to webhooks, Slack, Teams or a file; logs go to stderr (level from env"
          + " KEW_LOG_LEVEL, default INFO).",
      "Offsets are committed only after every sink an event routes to accepted it (or it went to"
          + " the dead-letter topic), so a restart resumes where the last run stopped. A new group"
          + " starts at the beginning of the topic's history."
    })
public final class ConsumerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Mixin KafkaOptions kafka;

  @Mixin OpsOptions ops;

  @Mixin GroupOptions start = new GroupOptions();

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "${env:KEW_OUTPUT:-pretty}",
      description =
          "pretty (aligned columns), sentence (one English sentence) or json (the envelope, one"
              + " document per line) (env KEW_OUTPUT, default: ${DEFAULT-VALUE}).")
  String output;

  @Mixin FilterOptions filter = new FilterOptions();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_CONFIG}",
      description =
          "YAML file of named sinks and the routes between them (env KEW_CONFIG); see the"
              + " README. Not combined with the sink flags below.")
  Path config;

  @Mixin SinkOptionsMixin sinks = new SinkOptionsMixin();

  @Option(
      names = "--dlq-topic",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_DLQ_TOPIC}",
      description =
          "Dead-letter topic for events a sink rejected or that ran out of retries, and for"
              + " malformed records; created if missing; 'none' logs and skips them instead (env"
              + " KEW_DLQ_TOPIC, default: <topic>.dlq).")
  String dlqTopic;

  @Mixin TimeRangeOptions range = new TimeRangeOptions();

  @Mixin HistoryOptions history = new HistoryOptions();

  public static void main(String[] args) {
    System.exit(Cli.run(new ConsumerCommand(), args));
  }

  /**
   * Parses and validates command-line arguments the way the command does (environment variables
   * fill in flags that are not given), without running anything.
   *
   * @throws picocli.CommandLine.ParameterException listing every invalid setting
   */
  public static ConsumerSettings parseSettings(String... args) {
    return parseSettings(System::getenv, args);
  }

  /**
   * Like {@link #parseSettings(String...)}, with {@code env} answering the {@code {env: NAME}}
   * secrets of a {@code --config} file.
   */
  public static ConsumerSettings parseSettings(Function<String, String> env, String... args) {
    ConsumerCommand command = new ConsumerCommand();
    Cli.commandLine(command).parseArgs(args);
    return command.toSettings(env);
  }

  @Override
  public Integer call() {
    return new ConsumerProcess(toSettings(System::getenv)).run();
  }

  /**
   * Validates every option at once and builds the settings record.
   *
   * @param env answers the {@code {env: NAME}} secrets of a {@code --config} file
   * @throws picocli.CommandLine.ParameterException listing every invalid setting
   */
  ConsumerSettings toSettings(Function<String, String> env) {
    Validation v = new Validation();
    OptionValues values = new OptionValues(v);
    Instant now = Instant.now();
    KafkaConnection connection = kafka.toConnection(v);
    ConsumerSettings.checkClientProperties(connection.clientProperties(), v);

    boolean fromBeginning = start.fromBeginning(values);
    boolean follow = start.follow(values);
    Optional<Instant> since = range.since(now, v);
    Optional<Instant> until = range.until(now, v);
    String group = start.group(fromBeginning || since.isPresent(), v);
    v.check(
        !(fromBeginning && since.isPresent()),
        "--from-beginning (env KEW_FROM_BEGINNING) and --since (env KEW_SINCE) exclude each other");
    if (since.isPresent() && until.isPresent() && !until.get().isAfter(since.get())) {
      v.add("--until (env KEW_UNTIL) must be later than --since (env KEW_SINCE)");
    }
    Optional<ObjectQuery> query = history.query(v);
    Optional<URI> historyService = history.service(v);
    OpsSettings opsSettings = ops.toSettings(v);
    Optional<String> deadLetterTopic = deadLetterTopic(connection.topic(), v);

    Optional<OutputFormat> format = OutputFormat.parse(String.valueOf(output));
    v.check(
        format.isPresent(),
        "--output (env KEW_OUTPUT) must be one of "
            + OutputFormat.names()
            + ", was '"
            + output
            + "'");
    EventFilter events = filter.toFilter(v);
    SinkSetup sinkSetup =
        SinkFlags.setup(
            config, sinks.sinks, format.orElse(OutputFormat.PRETTY), query.isPresent(), env, v);

    if (v.errors().isEmpty()) {
      ConsumerSettings.checkKafkaConfig(connection, group, v);
    }
    v.throwIfInvalid(spec.commandLine());
    return new ConsumerSettings(
        connection,
        group,
        fromBeginning,
        follow,
        format.orElseThrow(),
        events,
        sinkSetup,
        deadLetterTopic,
        since,
        until,
        query,
        historyService,
        opsSettings);
  }

  private Optional<String> deadLetterTopic(String eventTopic, Validation v) {
    String topic =
        dlqTopic == null || dlqTopic.isBlank()
            ? eventTopic + ConsumerSettings.DEAD_LETTER_SUFFIX
            : dlqTopic.trim();
    if (topic.equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    try {
      Topic.validate(topic);
    } catch (InvalidTopicException e) {
      v.add("--dlq-topic (env KEW_DLQ_TOPIC) is not a valid Kafka topic name: " + e.getMessage());
    }
    return Optional.of(topic);
  }
}
