package dev.kew.producer.cli;

import dev.kew.cli.Cli;
import dev.kew.cli.DurationConverter;
import dev.kew.cli.ExitCodes;
import dev.kew.cli.KafkaConnection;
import dev.kew.cli.KafkaOptions;
import dev.kew.cli.Validation;
import dev.kew.ops.Health;
import dev.kew.ops.Metrics;
import dev.kew.ops.OpsOptions;
import dev.kew.ops.OpsServer;
import dev.kew.ops.OpsSettings;
import dev.kew.producer.StartupException;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.ha.LeaderElectionSettings;
import dev.kew.producer.ha.Leadership;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.paths.PathRule;
import dev.kew.producer.redact.RedactionRules;
import dev.kew.producer.watch.LabelSelectorSyntax;
import dev.kew.producer.watch.ResourceCatalog;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code watcher-producer}: watches Kubernetes objects and publishes every change to Kafka. */
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

  private static final Logger log = LoggerFactory.getLogger(ProducerCommand.class);

  static final String DEFAULT_RESOURCES = "deployments,services,pods,configmaps";

  static final String DEFAULT_REDACT_ENV_NAMES = "*PASSWORD*,*TOKEN*,*SECRET*,*KEY*";

  static final String SERVICE_ACCOUNT_NAMESPACE =
      "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Option(
      names = "--resources",
      split = ",",
      paramLabel = "RESOURCE",
      defaultValue = "${env:KEW_RESOURCES:-" + DEFAULT_RESOURCES + "}",
      description =
          "Kinds to watch, comma-separated: plural (deployments), short (deploy), kind (Deployment)"
              + " or group/version/plural (apps/v1/deployments, demo.kew.dev/v1/backups)"
              + " (env KEW_RESOURCES, default: ${DEFAULT-VALUE}).")
  List<String> resources = new ArrayList<>();

  @Option(
      names = "--namespace",
      split = ",",
      paramLabel = "NAMESPACE",
      defaultValue = "${env:KEW_NAMESPACES}",
      description =
          "Namespace to watch; repeatable (env KEW_NAMESPACES, comma-separated; default: all)."
              + " Cluster-scoped kinds are always watched cluster-wide.")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--label-selector",
      paramLabel = "SELECTOR",
      defaultValue = "${env:KEW_LABEL_SELECTOR}",
      description =
          "Only objects matching this label selector, e.g. app=web,tier!=db (env KEW_LABEL_SELECTOR).")
  String labelSelector;

  @Option(
      names = "--cluster-name",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_CLUSTER_NAME}",
      description =
          "Cluster name written into every event (env KEW_CLUSTER_NAME; default: the kubeconfig"
              + " context name, or in-cluster with a service account).")
  String clusterName;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_KUBECONFIG}",
      description =
          "Kubeconfig file (env KEW_KUBECONFIG; default: fabric8's usual order: KUBECONFIG,"
              + " ~/.kube/config, in-cluster service account).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_CONTEXT}",
      description = "Kubeconfig context (env KEW_CONTEXT; default: the current context).")
  String context;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "${env:KEW_PARTITIONS:-6}",
      description =
          "Partitions of the topic if it is created (env KEW_PARTITIONS, default: ${DEFAULT-VALUE}).")
  String partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "${env:KEW_REPLICATION_FACTOR}",
      description =
          "Replication factor of the topic if it is created (env KEW_REPLICATION_FACTOR; default:"
              + " the broker's default).")
  String replicationFactor;

  @Option(
      names = "--retention",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_RETENTION:-7d}",
      description =
          "Retention of the topic if it is created (env KEW_RETENTION, default: ${DEFAULT-VALUE}).")
  String retention;

  @Option(
      names = "--resync-period",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_RESYNC_PERIOD:-10m}",
      description =
          "How often informers replay their cache; resyncs publish nothing; 0 = off"
              + " (env KEW_RESYNC_PERIOD, default: ${DEFAULT-VALUE}).")
  String resyncPeriod;

  @Option(
      names = "--kafka-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_KAFKA_TIMEOUT:-30s}",
      description =
          "How long to wait for Kafka at start (env KEW_KAFKA_TIMEOUT, default: ${DEFAULT-VALUE}).")
  String kafkaTimeout;

  @Option(
      names = "--ignore-path",
      split = ",",
      paramLabel = "[KIND:]PATH",
      defaultValue = "${env:KEW_IGNORE_PATHS}",
      description =
          "Changes under this path alone are not published (counted instead), e.g. status,"
              + " Pod:status, metadata.annotations.example.com/checksum; * matches any key or index;"
              + " repeatable (env KEW_IGNORE_PATHS, comma-separated). managedFields, resourceVersion"
              + " and generation never count as a change.")
  List<String> ignorePaths = new ArrayList<>();

  @Option(
      names = "--redact-path",
      split = ",",
      paramLabel = "[KIND:]PATH",
      defaultValue = "${env:KEW_REDACT_PATHS}",
      description =
          "Publish the value at this path only as a hash marker, e.g. ConfigMap:data.password,"
              + " spec.template.spec.containers.*.args; repeatable (env KEW_REDACT_PATHS,"
              + " comma-separated). A Secret's data and stringData are always redacted.")
  List<String> redactPaths = new ArrayList<>();

  @Option(
      names = "--redact-env-names",
      split = ",",
      paramLabel = "PATTERN",
      defaultValue = "${env:KEW_REDACT_ENV_NAMES:-" + DEFAULT_REDACT_ENV_NAMES + "}",
      description =
          "Env vars (in any kind) whose value is redacted, by name, * and ? wildcards, ignoring"
              + " case (env KEW_REDACT_ENV_NAMES, default: ${DEFAULT-VALUE}).")
  List<String> redactEnvNames = new ArrayList<>();

  @Mixin OpsOptions ops = new OpsOptions();

  @Option(
      names = "--leader-election",
      paramLabel = "auto|true|false",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "${env:KEW_LEADER_ELECTION:-auto}",
      description =
          "Elect one publishing replica through a Lease; auto = on when running in a pod"
              + " (env KEW_LEADER_ELECTION, default: ${DEFAULT-VALUE}).")
  String leaderElection;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_LEASE_NAME}",
      description =
          "Name of the leader election Lease (env KEW_LEASE_NAME; default: kew-producer-<topic>).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NAMESPACE",
      defaultValue = "${env:KEW_LEASE_NAMESPACE}",
      description =
          "Namespace of the Lease (env KEW_LEASE_NAMESPACE; default: the pod's namespace, else"
              + " default).")
  String leaseNamespace;

  @Option(
      names = "--lease-duration",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_LEASE_DURATION:-15s}",
      description =
          "How long a standby waits after the leader's last renewal before taking over"
              + " (env KEW_LEASE_DURATION, default: ${DEFAULT-VALUE}).")
  String leaseDuration;

  @Option(
      names = "--lease-renew-deadline",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_LEASE_RENEW_DEADLINE:-10s}",
      description =
          "How long the leader tries to renew before it gives up and exits"
              + " (env KEW_LEASE_RENEW_DEADLINE, default: ${DEFAULT-VALUE}).")
  String leaseRenewDeadline;

  @Option(
      names = "--lease-retry-period",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_LEASE_RETRY_PERIOD:-2s}",
      description =
          "How often to try to acquire or renew the Lease (env KEW_LEASE_RETRY_PERIOD, default:"
              + " ${DEFAULT-VALUE}).")
  String leaseRetryPeriod;

  @Option(
      names = "--watch-stall-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_WATCH_STALL_TIMEOUT:-10m}",
      description =
          "Restart an informer whose watch showed no sign of life (event or bookmark; resyncs do"
              + " not count) for this long while the API server answers; 0 = never"
              + " (env KEW_WATCH_STALL_TIMEOUT, default: ${DEFAULT-VALUE}).")
  String watchStallTimeout;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      defaultValue = "${env:KEW_MAX_IN_FLIGHT:-10000}",
      description =
          "Events that may wait for Kafka; when full, the informers stop until Kafka caught up and"
              + " then list again (env KEW_MAX_IN_FLIGHT, default: ${DEFAULT-VALUE}).")
  String maxInFlight;

  @Option(
      names = "--kafka-outage-limit",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_KAFKA_OUTAGE_LIMIT:-5m}",
      description =
          "How long Kafka may stay unusable while events wait before the producer exits with 1;"
              + " the next start publishes what changed (env KEW_KAFKA_OUTAGE_LIMIT, default:"
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
    ProducerSettings settings = toSettings();
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
        new KubernetesClientBuilder().withConfig(checkedConfig(settings)).build();
    try {
      running.set(start(settings, client, metrics));
    } catch (StartupException e) {
      client.close();
      if (server != null) {
        server.close();
      }
      if (e.badUsage()) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      return failure(e.getMessage());
    }
    return runUntilStopped(running.get(), client, server);
  }

  /** The watcher, or with leader election the candidate that runs it while leading. */
  private record Running(
      CompletableFuture<Void> failure, Supplier<List<String>> readiness, Runnable close) {}

  private static Running start(
      ProducerSettings settings, KubernetesClient client, ProducerMetrics metrics) {
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
    spec.commandLine().getErr().println("Error: " + message);
    spec.commandLine().getErr().flush();
    return ExitCodes.FAILURE;
  }

  /**
   * Blocks until a failure or a shutdown signal. On SIGTERM / Ctrl-C the shutdown hook stops the
   * informers (and leaves the leader election, releasing the Lease), flushes and closes the
   * producer, then ends the JVM with exit code 0 (a JVM ended by a signal would otherwise report
   * 128 + signal). A failure, a lost lead included, ends with exit code 1.
   */
  private int runUntilStopped(Running running, KubernetesClient client, OpsServer server)
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

  /** Validates every option at once and builds the settings record. */
  ProducerSettings toSettings() {
    Validation v = new Validation();
    KafkaConnection connection = kafka.toConnection(v);

    List<String> kinds = nonBlank(resources);
    v.check(
        !kinds.isEmpty(),
        "--resources (env KEW_RESOURCES) must name at least one resource, e.g. deployments,pods");
    for (String kind : kinds) {
      v.check(
          kind.matches("[A-Za-z0-9.-]+(/[A-Za-z0-9.-]+){0,2}"),
          "--resources (env KEW_RESOURCES): '"
              + kind
              + "' is not a resource name; use e.g. deployments, deploy, Deployment or"
              + " apps/v1/deployments");
    }

    List<String> watched = nonBlank(namespaces);
    for (String namespace : watched) {
      v.check(
          namespace.length() <= 63 && namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"),
          "--namespace (env KEW_NAMESPACES): '" + namespace + "' is not a valid namespace name");
    }

    Optional<String> selector = blankToEmpty(labelSelector);
    selector
        .flatMap(LabelSelectorSyntax::problem)
        .ifPresent(
            problem ->
                v.add(
                    "--label-selector (env KEW_LABEL_SELECTOR) '"
                        + labelSelector
                        + "' is not a label selector ("
                        + problem
                        + "); use e.g. app=web,tier!=db or env in (prod,staging)"));

    Optional<Path> kubeconfigFile = Optional.ofNullable(kubeconfig);
    kubeconfigFile.ifPresent(
        file ->
            v.check(
                Files.isReadable(file),
                "--kubeconfig (env KEW_KUBECONFIG): cannot read file " + file));

    int partitionCount =
        parse(v, partitions, "--partitions", "KEW_PARTITIONS", Integer::valueOf, n -> n >= 1, 6);
    Optional<Short> replicas =
        blankToEmpty(replicationFactor)
            .map(
                text ->
                    parse(
                        v,
                        text,
                        "--replication-factor",
                        "KEW_REPLICATION_FACTOR",
                        Short::valueOf,
                        n -> n >= 1,
                        (short) 1));
    Duration retentionPeriod = duration(v, retention, "--retention", "KEW_RETENTION", false);
    Duration resync = duration(v, resyncPeriod, "--resync-period", "KEW_RESYNC_PERIOD", true);
    Duration timeout = duration(v, kafkaTimeout, "--kafka-timeout", "KEW_KAFKA_TIMEOUT", false);

    List<PathRule> ignored = pathRules(v, ignorePaths, "--ignore-path", "KEW_IGNORE_PATHS");
    List<PathRule> redacted = pathRules(v, redactPaths, "--redact-path", "KEW_REDACT_PATHS");
    List<String> envNames = nonBlank(redactEnvNames);
    for (String pattern : envNames) {
      try {
        RedactionRules.glob(pattern);
      } catch (IllegalArgumentException e) {
        v.add("--redact-env-names (env KEW_REDACT_ENV_NAMES): " + e.getMessage());
      }
    }

    OpsSettings opsSettings = ops.toSettings(v);
    LeaderElectionSettings election = leaderElection(v, connection, kubeconfigFile);
    Duration stall =
        duration(v, watchStallTimeout, "--watch-stall-timeout", "KEW_WATCH_STALL_TIMEOUT", true);
    int inFlightLimit =
        parse(
            v,
            maxInFlight,
            "--max-in-flight",
            "KEW_MAX_IN_FLIGHT",
            Integer::valueOf,
            n -> n >= 1,
            1);
    Duration outageLimit =
        duration(v, kafkaOutageLimit, "--kafka-outage-limit", "KEW_KAFKA_OUTAGE_LIMIT", false);

    v.throwIfInvalid(spec.commandLine());
    return new ProducerSettings(
        connection,
        kinds,
        watched,
        selector,
        blankToEmpty(clusterName),
        kubeconfigFile,
        blankToEmpty(context),
        partitionCount,
        replicas,
        retentionPeriod,
        resync,
        timeout,
        ignored,
        new RedactionRules(envNames, redacted),
        opsSettings,
        election,
        stall,
        inFlightLimit,
        outageLimit);
  }

  private LeaderElectionSettings leaderElection(
      Validation v, KafkaConnection connection, Optional<Path> kubeconfigFile) {
    String mode = leaderElection == null ? "auto" : leaderElection.trim().toLowerCase(Locale.ROOT);
    boolean inPod =
        env.apply("KUBERNETES_SERVICE_HOST") != null
            && kubeconfigFile.isEmpty()
            && blankToEmpty(context).isEmpty();
    boolean enabled =
        switch (mode) {
          case "true" -> true;
          case "false" -> false;
          case "auto" -> inPod;
          default -> {
            v.add(
                "--leader-election (env KEW_LEADER_ELECTION) must be auto, true or false, was '"
                    + leaderElection
                    + "'");
            yield false;
          }
        };
    String name =
        blankToEmpty(leaseName)
            .orElseGet(() -> LeaderElectionSettings.defaultLeaseName(connection.topic()));
    v.check(
        name.length() <= 253 && name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"),
        "--lease-name (env KEW_LEASE_NAME): '" + name + "' is not a valid Lease name");
    String namespace = blankToEmpty(leaseNamespace).orElseGet(this::podNamespace);
    v.check(
        namespace.length() <= 63 && namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"),
        "--lease-namespace (env KEW_LEASE_NAMESPACE): '" + namespace + "' is not a namespace name");
    Duration lease = duration(v, leaseDuration, "--lease-duration", "KEW_LEASE_DURATION", false);
    Duration renew =
        duration(
            v, leaseRenewDeadline, "--lease-renew-deadline", "KEW_LEASE_RENEW_DEADLINE", false);
    Duration retry =
        duration(v, leaseRetryPeriod, "--lease-retry-period", "KEW_LEASE_RETRY_PERIOD", false);
    if (Stream.of(lease, renew, retry).allMatch(d -> d.compareTo(Duration.ZERO) > 0)) {
      v.check(
          retry.compareTo(renew) < 0 && renew.compareTo(lease) < 0,
          "--lease-retry-period < --lease-renew-deadline < --lease-duration must hold (env"
              + " KEW_LEASE_RETRY_PERIOD, KEW_LEASE_RENEW_DEADLINE, KEW_LEASE_DURATION), was "
              + leaseRetryPeriod
              + ", "
              + leaseRenewDeadline
              + ", "
              + leaseDuration);
    }
    return new LeaderElectionSettings(
        enabled, name, namespace, leaseIdentity(), lease, renew, retry);
  }

  /** The namespace of the pod's service account, else {@code default}. */
  private String podNamespace() {
    try {
      if (Files.isReadable(serviceAccountNamespace)) {
        String namespace = Files.readString(serviceAccountNamespace).trim();
        if (!namespace.isEmpty()) {
          return namespace;
        }
      }
    } catch (IOException e) {
      log.debug("Cannot read {}: {}", serviceAccountNamespace, e.toString());
    }
    return "default";
  }

  /** The host (pod) name and a random suffix: unique even for two processes on one host. */
  private static String leaseIdentity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "kew-producer";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<PathRule> pathRules(
      Validation v, List<String> texts, String flag, String env) {
    List<PathRule> rules = new ArrayList<>();
    for (String text : nonBlank(texts)) {
      try {
        rules.add(PathRule.parse(text));
      } catch (IllegalArgumentException e) {
        v.add(flag + " (env " + env + "): " + e.getMessage());
      }
    }
    return List.copyOf(rules);
  }

  private Config checkedConfig(ProducerSettings settings) {
    Config config;
    try {
      config = kubernetesConfig(settings);
    } catch (KubernetesClientException e) {
      throw new ParameterException(
          spec.commandLine(), "Cannot load the Kubernetes configuration: " + e.getMessage(), e);
    }
    String wanted = settings.context().orElse(null);
    List<String> known =
        config.getContexts() == null
            ? List.of()
            : config.getContexts().stream().map(NamedContext::getName).toList();
    if (wanted != null && !known.contains(wanted)) {
      throw new ParameterException(
          spec.commandLine(),
          "--context (env KEW_CONTEXT): no context '"
              + wanted
              + "' in the kubeconfig"
              + (known.isEmpty() ? "" : "; it has: " + String.join(", ", known)));
    }
    return config;
  }

  /** fabric8's usual lookup, or the given kubeconfig file, with the given context if any. */
  public static Config kubernetesConfig(ProducerSettings settings) {
    String contextName = settings.context().orElse(null);
    if (settings.kubeconfig().isPresent()) {
      return Config.fromKubeconfig(contextName, settings.kubeconfig().get().toFile());
    }
    return Config.autoConfigure(contextName);
  }

  private static <T> T parse(
      Validation v,
      String text,
      String flag,
      String env,
      Function<String, T> parser,
      Predicate<T> ok,
      T fallback) {
    String what =
        flag + " (env " + env + ") must be a whole number of 1 or more, was '" + text + "'";
    try {
      T value = parser.apply(text == null ? "" : text.trim());
      v.check(ok.test(value), what);
      return ok.test(value) ? value : fallback;
    } catch (NumberFormatException e) {
      v.add(what);
      return fallback;
    }
  }

  private static Duration duration(
      Validation v, String text, String flag, String env, boolean zeroAllowed) {
    if (zeroAllowed && text != null && text.trim().equals("0")) {
      return Duration.ZERO;
    }
    try {
      Duration value = DurationConverter.parse(text);
      if (value.isNegative() || value.isZero() && !zeroAllowed) {
        v.add(
            flag
                + " (env "
                + env
                + ") must be "
                + (zeroAllowed ? "0 or a positive duration" : "a positive duration")
                + ", was '"
                + text
                + "'");
      }
      return value;
    } catch (CommandLine.TypeConversionException e) {
      v.add(flag + " (env " + env + "): " + e.getMessage());
    }
    return Duration.ZERO;
  }

  private static List<String> nonBlank(List<String> values) {
    return values == null
        ? List.of()
        : values.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  private static Optional<String> blankToEmpty(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
