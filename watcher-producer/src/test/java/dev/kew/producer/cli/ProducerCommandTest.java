package dev.kew.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.cli.Cli;
import dev.kew.cli.ExitCodes;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.producer.ProducerSettings;
import dev.kew.producer.paths.PathRule;
import dev.kew.producer.redact.RedactionRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerCommandTest {

  @Test
  void defaultsFollowTheDocumentedContract() {
    ProducerSettings settings = ProducerCommand.parseSettings();

    assertThat(settings.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(settings.kafka().topic()).isEqualTo("kube-events");
    assertThat(settings.resources())
        .containsExactly("deployments", "services", "pods", "configmaps");
    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.labelSelector()).isEmpty();
    assertThat(settings.clusterName()).isEmpty();
    assertThat(settings.partitions()).isEqualTo(6);
    assertThat(settings.replicationFactor()).isEmpty();
    assertThat(settings.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(settings.resyncPeriod()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.kafkaTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.ignorePaths()).isEmpty();
    assertThat(settings.redaction().envNames())
        .containsExactly("*PASSWORD*", "*TOKEN*", "*SECRET*", "*KEY*");
    assertThat(settings.redaction().paths()).isEmpty();
    assertThat(settings.redaction())
        .as("what the code redacts when built without the CLI")
        .isEqualTo(RedactionRules.DEFAULTS);
  }

  @Test
  void deliveryLimitsDefaultToTenThousandEventsAndFiveMinutesAndAreChecked() {
    ProducerSettings defaults = ProducerCommand.parseSettings();
    ProducerSettings given =
        ProducerCommand.parseSettings("--max-in-flight", "50", "--kafka-outage-limit", "90s");
    Run invalid = run("--max-in-flight", "0", "--kafka-outage-limit", "soon");

    assertThat(defaults.maxInFlight()).isEqualTo(10_000);
    assertThat(defaults.kafkaOutageLimit()).isEqualTo(Duration.ofMinutes(5));
    assertThat(given.maxInFlight()).isEqualTo(50);
    assertThat(given.kafkaOutageLimit()).isEqualTo(Duration.ofSeconds(90));
    assertThat(invalid.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(invalid.stderr())
        .contains("--max-in-flight (env KEW_MAX_IN_FLIGHT)")
        .contains("--kafka-outage-limit (env KEW_KAFKA_OUTAGE_LIMIT)");
  }

  @Test
  void contentRulesBecomeSettings() {
    ProducerSettings settings =
        ProducerCommand.parseSettings(
            "--ignore-path", "status",
            "--ignore-path", "Pod:status,metadata.annotations.example.com/checksum",
            "--redact-path", "ConfigMap:data.password",
            "--redact-env-names", "*PASS*, API_?EY");

    assertThat(settings.ignorePaths())
        .containsExactly(
            new PathRule(null, "status"),
            new PathRule("Pod", "status"),
            new PathRule(null, "metadata.annotations.example.com/checksum"));
    assertThat(settings.redaction().paths())
        .containsExactly(new PathRule("ConfigMap", "data.password"));
    assertThat(settings.redaction().envNames()).containsExactly("*PASS*", "API_?EY");
  }

  @Test
  void invalidContentRulesAreReportedNamingFlagAndEnvVar() {
    Run run =
        run(
            "--ignore-path", "spec..replicas",
            "--redact-path", ".data",
            "--redact-env-names", "PASS WORD");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.stderr())
        .contains("3 invalid settings")
        .contains("--ignore-path (env KEW_IGNORE_PATHS): 'spec..replicas' is not a path")
        .contains("--redact-path (env KEW_REDACT_PATHS): '.data' is not a path")
        .contains("--redact-env-names (env KEW_REDACT_ENV_NAMES): 'PASS WORD'");
  }

  @Test
  void flagsBecomeSettings() {
    ProducerSettings settings =
        ProducerCommand.parseSettings(
            "--resources", "deploy, apps/v1/statefulsets",
            "--namespace", "team-a",
            "--namespace", "team-b,team-c",
            "--label-selector", "app in (web, api)",
            "--cluster-name", "prod-eu",
            "--partitions", "12",
            "--replication-factor", "3",
            "--retention", "2h",
            "--resync-period", "0",
            "--kafka-timeout", "500ms",
            "-X", "linger.ms=20");

    assertThat(settings.resources()).containsExactly("deploy", "apps/v1/statefulsets");
    assertThat(settings.namespaces()).containsExactly("team-a", "team-b", "team-c");
    assertThat(settings.labelSelector()).hasValue("app in (web, api)");
    assertThat(settings.clusterName()).hasValue("prod-eu");
    assertThat(settings.partitions()).isEqualTo(12);
    assertThat(settings.replicationFactor()).hasValue((short) 3);
    assertThat(settings.retention()).isEqualTo(Duration.ofHours(2));
    assertThat(settings.resyncPeriod()).isZero();
    assertThat(settings.kafkaTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.kafka().clientProperties()).containsEntry("linger.ms", "20");
  }

  @Test
  void everyInvalidSettingIsReportedAtOnceNamingFlagAndEnvVar() {
    Run run =
        run(
            "--resources", " ,",
            "--namespace", "Not_A_Namespace",
            "--label-selector", "app=web=x",
            "--kubeconfig", "/nonexistent/kubeconfig",
            "--partitions", "0",
            "--replication-factor", "many",
            "--retention", "-1d",
            "--resync-period", "soon",
            "--kafka-timeout", "0s",
            "--bootstrap-servers", "no-port");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.stderr())
        .contains("10 invalid settings")
        .contains("--resources (env KEW_RESOURCES)")
        .contains("--namespace (env KEW_NAMESPACES): 'Not_A_Namespace'")
        .contains("--label-selector (env KEW_LABEL_SELECTOR) 'app=web=x'")
        .contains("--kubeconfig (env KEW_KUBECONFIG)")
        .contains("--partitions (env KEW_PARTITIONS) must be a whole number of 1 or more, was '0'")
        .contains("--replication-factor (env KEW_REPLICATION_FACTOR)")
        .contains("--retention (env KEW_RETENTION)")
        .contains("--resync-period (env KEW_RESYNC_PERIOD)")
        .contains("--kafka-timeout (env KEW_KAFKA_TIMEOUT) must be a positive duration")
        .contains("--bootstrap-servers (env KEW_BOOTSTRAP_SERVERS)");
  }

  @Test
  void unknownResourceIsAUsageErrorListingWhatTheApiServerOffers(@TempDir Path dir) {
    try (SimulatedCluster cluster = SimulatedCluster.start(0)) {
      Path kubeconfig = cluster.writeKubeconfig(dir.resolve("config"));

      Run run = run("--kubeconfig", kubeconfig.toString(), "--resources", "pods,gizmos");

      assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.stderr())
          .contains("Unknown resource 'gizmos'")
          .contains("the API server offers: backups, configmaps, customresourcedefinitions,");
    }
  }

  @Test
  void unknownKubeconfigContextIsAUsageErrorNamingTheKnownOnes(@TempDir Path dir) {
    try (SimulatedCluster cluster = SimulatedCluster.start(0)) {
      Path kubeconfig = cluster.writeKubeconfig(dir.resolve("config"), "dev-cluster");

      Run run = run("--kubeconfig", kubeconfig.toString(), "--context", "prod-cluster");

      assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.stderr())
          .contains("--context (env KEW_CONTEXT): no context 'prod-cluster' in the kubeconfig")
          .contains("it has: dev-cluster");
    }
  }

  @Test
  void unreachableKafkaFailsWithOneSentenceNamingTheBootstrapServers(@TempDir Path dir)
      throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (SimulatedCluster cluster = SimulatedCluster.start(0)) {
      Path kubeconfig = cluster.writeKubeconfig(dir.resolve("config"));

      Run run =
          run(
              "--kubeconfig",
              kubeconfig.toString(),
              "--resources",
              "pods",
              "--bootstrap-servers",
              "127.0.0.1:" + closedPort,
              "--kafka-timeout",
              "2s");

      assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(run.stderr())
          .contains("Error: Kafka at 127.0.0.1:" + closedPort + " did not answer within 2000 ms");
    }
  }

  private record Run(int exitCode, String stderr) {}

  private static Run run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      // Probes on any free port, so a busy 8080 on the machine cannot change the outcome.
      String[] withPort = java.util.Arrays.copyOf(args, args.length + 2);
      withPort[args.length] = "--metrics-port";
      withPort[args.length + 1] = "0";
      int exitCode = Cli.run(new ProducerCommand(), withPort);
      return new Run(exitCode, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }
}
