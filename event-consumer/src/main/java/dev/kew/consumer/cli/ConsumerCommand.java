package dev.kew.consumer.cli;

import dev.kew.cli.Cli;
import dev.kew.cli.ExitCodes;
import dev.kew.cli.KafkaOptions;
import dev.kew.consumer.EventConsumer;
import dev.kew.consumer.sink.Summarizer;
import dev.kew.ops.Health;
import dev.kew.ops.Metrics;
import dev.kew.ops.OpsOptions;
import dev.kew.ops.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code event-consumer}: prints the change events of a Kafka topic on stdout, or forwards them to
 * sinks (webhook, Slack, Teams, file) along routes; also prints one object's history.
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

  /** The read loop polls at least every half second; this long without a poll means it is stuck. */
  private static final Duration STALLED = Duration.ofMinutes(2);

  private static final Logger log = LoggerFactory.getLogger(ConsumerCommand.class);

  /** How long a stop signal waits for the current batch to be written and committed. */
  private static final long STOP_TIMEOUT_SECONDS = 30;

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Mixin KafkaOptions kafka;

  @Mixin OpsOptions ops;

  @Option(
      names = "--group",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_GROUP}",
      description =
          "Consumer group: its committed offsets say where reading resumes, a new group starts at"
              + " the beginning of the retained history, and the consumers of one group share the"
              + " partitions (cooperative-sticky) (env KEW_GROUP,"
              + " default: "
              + ConsumerSettings.STABLE_GROUP
              + ", or with --from-beginning a fresh "
              + ConsumerSettings.REPLAY_GROUP_PREFIX
              + "<random> group that leaves the stable group's offsets alone).")
  String group;

  // Switches are read as text so that a bad KEW_FROM_BEGINNING/KEW_NO_FOLLOW is reported with the
  // other invalid settings, naming the variable, rather than by picocli's converter alone.
  @Option(
      names = "--from-beginning",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "true|false",
      defaultValue = "${env:KEW_FROM_BEGINNING:-false}",
      description =
          "Read each partition from its first retained event (env KEW_FROM_BEGINNING=true).")
  String fromBeginning;

  @Option(
      names = "--no-follow",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "true|false",
      defaultValue = "${env:KEW_NO_FOLLOW:-false}",
      description =
          "Stop with exit code 0 once caught up with the end of the topic as it was when reading"
              + " started (env KEW_NO_FOLLOW=true).")
  String noFollow;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "${env:KEW_OUTPUT:-pretty}",
      description =
          "pretty (aligned columns), sentence (one English sentence) or json (the envelope, one"
              + " document per line) (env KEW_OUTPUT, default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      split = ",",
      defaultValue = "${env:KEW_KINDS}",
      description =
          "Only events of this kind, case-insensitive, e.g. Deployment; repeatable or"
              + " comma-separated (env KEW_KINDS, default: all).")
  List<String> kinds = new ArrayList<>();

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      split = ",",
      defaultValue = "${env:KEW_NAMESPACES}",
      description =
          "Only events of objects in this namespace; repeatable or comma-separated (env"
              + " KEW_NAMESPACES, default: all, including cluster-scoped objects).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      split = ",",
      defaultValue = "${env:KEW_TYPES}",
      description =
          "Only events of this type: ADDED, MODIFIED or DELETED; repeatable or comma-separated"
              + " (env KEW_TYPES, default: all).")
  List<String> types = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_CONFIG}",
      description =
          "YAML file of named sinks and the routes between them (env KEW_CONFIG); see the"
              + " README. Not combined with the sink flags below.")
  Path config;

  @Option(
      names = "--webhook-url",
      paramLabel = "URL",
      defaultValue = "${env:KEW_WEBHOOK_URL}",
      description =
          "POST every event to this URL (env KEW_WEBHOOK_URL; prefer --webhook-url-file when it"
              + " holds a token).")
  String webhookUrl;

  @Option(
      names = "--webhook-url-file",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_WEBHOOK_URL_FILE}",
      description = "File holding the webhook URL (env KEW_WEBHOOK_URL_FILE).")
  Path webhookUrlFile;

  @Option(
      names = "--webhook-format",
      paramLabel = "FORMAT",
      defaultValue = "${env:KEW_WEBHOOK_FORMAT:-envelope}",
      description =
          "Webhook body: envelope (the event JSON) or cloudevents (CloudEvents 1.0 structured"
              + " JSON) (env KEW_WEBHOOK_FORMAT, default: ${DEFAULT-VALUE}).")
  String webhookFormat;

  @Option(
      names = "--webhook-header",
      paramLabel = "'NAME: VALUE'",
      split = ";",
      defaultValue = "${env:KEW_WEBHOOK_HEADERS}",
      description =
          "Extra webhook request header; repeatable (env KEW_WEBHOOK_HEADERS, ';'-separated)."
              + " Values are never logged.")
  List<String> webhookHeaders = new ArrayList<>();

  @Option(
      names = "--webhook-secret",
      paramLabel = "KEY",
      defaultValue = "${env:KEW_WEBHOOK_SECRET}",
      description =
          "Sign webhook requests the Standard Webhooks way (webhook-signature: v1,<base64"
              + " HMAC-SHA256 of id.timestamp.body>) with this whsec_<base64> secret (env"
              + " KEW_WEBHOOK_SECRET; prefer the env var or --webhook-secret-file).")
  String webhookSecret;

  @Option(
      names = "--webhook-secret-file",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_WEBHOOK_SECRET_FILE}",
      description = "File holding the whsec_ secret (env KEW_WEBHOOK_SECRET_FILE).")
  Path webhookSecretFile;

  @Option(
      names = "--on-auth-failure",
      paramLabel = "wait|dead-letter",
      defaultValue = "${env:KEW_ON_AUTH_FAILURE:-wait}",
      description =
          "When a webhook, Slack or Teams URL answers 401 or 403: wait (hold that sink's"
              + " deliveries, retry every minute, report it on /readyz) or dead-letter (send the"
              + " event to the dead-letter topic and go on) (env KEW_ON_AUTH_FAILURE, default:"
              + " ${DEFAULT-VALUE}).")
  String onAuthFailure;

  @Option(
      names = "--webhook-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_WEBHOOK_TIMEOUT:-10s}",
      description =
          "Connect and request timeout of every webhook call, Slack and Teams included (env"
              + " KEW_WEBHOOK_TIMEOUT, default: ${DEFAULT-VALUE}).")
  String webhookTimeout;

  @Option(
      names = "--slack-webhook-url",
      paramLabel = "URL",
      defaultValue = "${env:KEW_SLACK_WEBHOOK_URL}",
      description =
          "Post events to this Slack incoming webhook, at most ~1 message/s, bursts as digests"
              + " (env KEW_SLACK_WEBHOOK_URL).")
  String slackUrl;

  @Option(
      names = "--slack-webhook-url-file",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_SLACK_WEBHOOK_URL_FILE}",
      description = "File holding the Slack webhook URL (env KEW_SLACK_WEBHOOK_URL_FILE).")
  Path slackUrlFile;

  @Option(
      names = "--teams-webhook-url",
      paramLabel = "URL",
      defaultValue = "${env:KEW_TEAMS_WEBHOOK_URL}",
      description =
          "Post events to this Microsoft Teams incoming webhook (Adaptive Cards), like Slack (env"
              + " KEW_TEAMS_WEBHOOK_URL).")
  String teamsUrl;

  @Option(
      names = "--teams-webhook-url-file",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_TEAMS_WEBHOOK_URL_FILE}",
      description = "File holding the Teams webhook URL (env KEW_TEAMS_WEBHOOK_URL_FILE).")
  Path teamsUrlFile;

  @Option(
      names = "--file",
      paramLabel = "PATH",
      defaultValue = "${env:KEW_FILE}",
      description =
          "Append every event as one JSON line to this file, rotated by size (env KEW_FILE).")
  String file;

  @Option(
      names = "--file-max-size",
      paramLabel = "SIZE",
      defaultValue = "${env:KEW_FILE_MAX_SIZE:-100MB}",
      description =
          "Rotate --file before it grows past this size (env KEW_FILE_MAX_SIZE, default: ${DEFAULT-VALUE}).")
  String fileMaxSize;

  @Option(
      names = "--file-keep",
      paramLabel = "N",
      defaultValue = "${env:KEW_FILE_KEEP:-5}",
      description =
          "Rotated files of --file to keep (env KEW_FILE_KEEP, default: ${DEFAULT-VALUE}).")
  String fileKeep;

  @Option(
      names = "--dlq-topic",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_DLQ_TOPIC}",
      description =
          "Dead-letter topic for events a sink rejected or that ran out of retries, and for"
              + " malformed records; created if missing; 'none' logs and skips them instead (env"
              + " KEW_DLQ_TOPIC, default: <topic>.dlq).")
  String dlqTopic;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      defaultValue = "${env:KEW_SINCE}",
      description =
          "Start at the first event at or after this time: a duration back from now (2h, 30m)"
              + " or an ISO-8601 time (2026-11-24T14:00:00Z); like --from-beginning, without"
              + " --group it uses a fresh group (env KEW_SINCE).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      defaultValue = "${env:KEW_UNTIL}",
      description =
          "Stop with exit code 0 at the first event after this time (a duration back from now or"
              + " an ISO-8601 time), once every partition got there (env KEW_UNTIL).")
  String until;

  @Option(
      names = "--uid",
      paramLabel = "UID",
      defaultValue = "${env:KEW_UID}",
      description =
          "Print the history of the object with this uid and exit: reads only the partition its"
              + " key maps to, never commits (env KEW_UID).")
  String uid;

  @Option(
      names = "--object",
      paramLabel = "KIND/NAMESPACE/NAME",
      defaultValue = "${env:KEW_OBJECT}",
      description =
          "Print the history of the object with this identity (KIND/NAME when cluster-scoped)"
              + " and exit; every incarnation of the name, scanning all partitions, never"
              + " commits (env KEW_OBJECT).")
  String object;

  public static void main(String[] args) {
    System.exit(Cli.run(new ConsumerCommand(), args));
  }

  /**
   * The validated settings.
   *
   * @throws picocli.CommandLine.ParameterException listing every invalid setting
   */
  ConsumerSettings settings() {
    return ConsumerSettings.from(this, spec.commandLine(), System::getenv);
  }

  @Override
  public Integer call() {
    ConsumerSettings settings = settings();
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
   * Runs on SIGTERM/Ctrl-C: wakes the consumer, waits for it to write and commit its current batch
   * and close, then halts with the run's exit code (0 for a clean stop) rather than the JVM's
   * signal exit status.
   */
  /**
   * Alive while the read loop keeps polling (a stuck sink or loop stops it); ready once the group
   * gave this consumer its partitions.
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
        .readiness(
            "delivery",
            () -> {
              List<String> problems = consumer.deliveryProblems();
              return problems.isEmpty()
                  ? Optional.empty()
                  : Optional.of(String.join("; ", problems));
            });
  }

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
