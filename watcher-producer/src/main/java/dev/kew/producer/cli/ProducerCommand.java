package dev.kew.producer.cli;

import dev.kew.cli.Cli;
import dev.kew.cli.KafkaConnection;
import dev.kew.cli.KafkaOptions;
import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.ops.OpsOptions;
import dev.kew.ops.OpsSettings;
import dev.kew.producer.ProducerSettings;
import dev.kew.producer.ha.LeaderElectionSettings;
import dev.kew.producer.paths.PathRule;
import dev.kew.producer.redact.RedactionRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code watcher-producer} command line: its flags, grouped in mixins, become one validated
 * {@link ProducerSettings}, which {@link ProducerProcess} runs.
 */
@Command(
    name = "watcher-producer",
    mixinStandardHelpOptions = true,
    version = "kube-event-watcher producer 0.1.0",
    sortOptions = false,
    description = {
      "Watches Kubernetes objects through shared informers and publishes every add, update and"
          + " delete as a change-event envelope to a Kafka topic, keyed by the object's UID.",
      "Kafka client properties from --kafka-config and -X pass through (TLS, SASL, tuning such as"
          + " linger.ms), except key.serializer, value.serializer, acks, enable.idempotence and"
          + " transactional.id: the watcher writes each event with its state record"
          + " (<topic>.state) in one transaction, acks=all, transactional.id derived from cluster"
          + " and resources. compression.type defaults to zstd.",
      "Stops cleanly on SIGTERM / Ctrl-C (exit 0); exits 1 when Kafka or the API server cannot be"
          + " used or an event cannot be sent, 2 on bad usage."
    })
public final class ProducerCommand implements Callable<Integer> {

  static final String SERVICE_ACCOUNT_NAMESPACE =
      "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Mixin WatchOptions watch = new WatchOptions();

  @Mixin TopicOptions topic = new TopicOptions();

  @Option(
      names = "--resync-period",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_RESYNC_PERIOD:-10m}",
      description =
          "How often informers replay their cache; 0 turns it off. A resync never publishes:"
              + " only a new resourceVersion does (env KEW_RESYNC_PERIOD, default: ${DEFAULT-VALUE}).")
  String resyncPeriod;

  @Option(
      names = "--kafka-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_KAFKA_TIMEOUT:-30s}",
      description =
          "How long start-up waits for Kafka before failing with exit code 1, and how long"
              + " Kafka may acknowledge nothing while events wait before /readyz fails (env"
              + " KEW_KAFKA_TIMEOUT, default: ${DEFAULT-VALUE}).")
  String kafkaTimeout;

  @Mixin ContentOptions content = new ContentOptions();

  @Mixin OpsOptions ops = new OpsOptions();

  @Mixin LeaderElectionOptions leaderElection = new LeaderElectionOptions();

  @Option(
      names = "--watch-stall-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_WATCH_STALL_TIMEOUT:-10m}",
      description =
          "Restart an informer whose watch showed no sign of life (an event, or a bookmark"
              + " moving its resourceVersion; resyncs do not count) for this long while the API server"
              + " answers; 0 = never (env KEW_WATCH_STALL_TIMEOUT, default: ${DEFAULT-VALUE}).")
  String watchStallTimeout;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      defaultValue = "${env:KEW_MAX_IN_FLIGHT:-10000}",
      description =
          "Events that may wait for Kafka; when full, the informers stop (no event is dropped)"
              + " and, once half is sent, list again and publish what changed meanwhile (env"
              + " KEW_MAX_IN_FLIGHT, default: ${DEFAULT-VALUE}).")
  String maxInFlight;

  @Option(
      names = "--kafka-outage-limit",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_KAFKA_OUTAGE_LIMIT:-5m}",
      description =
          "How long Kafka may stay unusable while events wait before the producer exits 1; the"
              + " next start publishes what changed meanwhile (env KEW_KAFKA_OUTAGE_LIMIT, default:"
              + " ${DEFAULT-VALUE}).")
  String kafkaOutageLimit;

  /** Environment lookup, to tell whether the producer runs in a pod; tests replace it. */
  Function<String, String> env = System::getenv;

  /** Where a pod finds its namespace; tests replace it. */
  Path serviceAccountNamespace = Path.of(SERVICE_ACCOUNT_NAMESPACE);

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(Cli.run(new ProducerCommand(), args));
  }

  /**
   * Parses and validates {@code args} as the command line would, without running anything.
   *
   * @throws ParameterException listing every invalid setting
   */
  public static ProducerSettings parseSettings(String... args) {
    ProducerCommand command = new ProducerCommand();
    CommandLine cmd = Cli.commandLine(command);
    cmd.parseArgs(args);
    return command.toSettings();
  }

  @Override
  public Integer call() throws InterruptedException {
    return new ProducerProcess(toSettings(), spec.commandLine()).run();
  }

  /** Validates every option at once and builds the settings record. */
  ProducerSettings toSettings() {
    Validation v = new Validation();
    OptionValues values = new OptionValues(v);
    KafkaConnection connection = kafka.toConnection(v);

    List<String> kinds = watch.resources(v);
    List<String> watched = watch.namespaces(v);
    Optional<String> selector = watch.labelSelector(v);
    Optional<Path> kubeconfigFile = watch.kubeconfig(v);
    int partitions = topic.partitions(values);
    Optional<Short> replicas = topic.replicationFactor(values);
    Duration retention = topic.retention(values);
    Duration resync = values.durationOrZero(resyncPeriod, "--resync-period", "KEW_RESYNC_PERIOD");
    Duration timeout =
        values.positiveDuration(kafkaTimeout, "--kafka-timeout", "KEW_KAFKA_TIMEOUT");

    List<PathRule> ignored = content.ignorePaths(v);
    RedactionRules redaction = content.redaction(v);

    OpsSettings opsSettings = ops.toSettings(v);
    boolean inPod = env.apply("KUBERNETES_SERVICE_HOST") != null && !watch.namesItsCluster();
    LeaderElectionSettings election =
        leaderElection.toSettings(v, connection.topic(), inPod, serviceAccountNamespace);
    Duration stall =
        values.durationOrZero(
            watchStallTimeout, "--watch-stall-timeout", "KEW_WATCH_STALL_TIMEOUT");
    int inFlightLimit = values.wholeNumber(maxInFlight, "--max-in-flight", "KEW_MAX_IN_FLIGHT", 1);
    Duration outageLimit =
        values.positiveDuration(kafkaOutageLimit, "--kafka-outage-limit", "KEW_KAFKA_OUTAGE_LIMIT");

    v.throwIfInvalid(spec.commandLine());
    return new ProducerSettings(
        connection,
        kinds,
        watched,
        selector,
        watch.clusterName(),
        kubeconfigFile,
        watch.context(),
        partitions,
        replicas,
        retention,
        resync,
        timeout,
        ignored,
        redaction,
        opsSettings,
        election,
        stall,
        inFlightLimit,
        outageLimit);
  }
}
