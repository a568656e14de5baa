package dev.kew.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.cli.Cli;
import dev.kew.cli.ExitCodes;
import dev.kew.ops.LogFormat;
import dev.kew.producer.ProducerSettings;
import dev.kew.producer.ha.LeaderElectionSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flags of metrics, probes, logs, leader election and watch liveness. */
class OperationsSettingsTest {

  @TempDir Path dir;

  private ProducerSettings parse(Map<String, String> env, String... args) {
    ProducerCommand command = new ProducerCommand();
    command.env = env::get;
    command.serviceAccountNamespace = dir.resolve("namespace");
    Cli.commandLine(command).parseArgs(args);
    return command.toSettings();
  }

  @Test
  void outsideAPodLeaderElectionIsOffAndTheDefaultsAreTheDocumentedOnes() {
    ProducerSettings settings = parse(Map.of(), "--topic", "Team_Events");

    LeaderElectionSettings election = settings.leaderElection();
    assertThat(election.enabled()).isFalse();
    assertThat(election.leaseName()).isEqualTo("kew-producer-team-events");
    assertThat(election.leaseNamespace()).isEqualTo("default");
    assertThat(election.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(election.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(election.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.watchStallTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.ops().logFormat()).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void inAPodLeaderElectionIsOnWithTheLeaseInThePodsNamespace() throws IOException {
    Files.writeString(dir.resolve("namespace"), "kube-event-watcher\n");

    ProducerSettings settings = parse(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"));

    assertThat(settings.leaderElection().enabled()).isTrue();
    assertThat(settings.leaderElection().leaseNamespace()).isEqualTo("kube-event-watcher");
    assertThat(settings.leaderElection().identity()).isNotBlank();
  }

  @Test
  void flagsOverrideTheDefaults() {
    ProducerSettings settings =
        parse(
            Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
            "--leader-election=false",
            "--lease-name",
            "events-leader",
            "--lease-namespace",
            "ops",
            "--lease-duration",
            "30s",
            "--lease-renew-deadline",
            "20s",
            "--lease-retry-period",
            "5s",
            "--watch-stall-timeout",
            "0",
            "--metrics-port",
            "-1",
            "--log-format",
            "json");

    assertThat(settings.leaderElection())
        .extracting(
            LeaderElectionSettings::enabled,
            LeaderElectionSettings::leaseName,
            LeaderElectionSettings::leaseNamespace,
            LeaderElectionSettings::leaseDuration,
            LeaderElectionSettings::renewDeadline,
            LeaderElectionSettings::retryPeriod)
        .containsExactly(
            false,
            "events-leader",
            "ops",
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            Duration.ofSeconds(5));
    assertThat(settings.watchStallTimeout()).isZero();
    assertThat(settings.ops().serveEndpoints()).isFalse();
    assertThat(settings.ops().logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(parse(Map.of(), "--leader-election").leaderElection().enabled())
        .as("the flag alone turns it on")
        .isTrue();
  }

  @Test
  void invalidSettingsAreReportedTogetherNamingFlagAndEnvVar() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int exitCode;
    try {
      exitCode =
          Cli.run(
              new ProducerCommand(),
              "--leader-election",
              "maybe",
              "--lease-name",
              "Events_Leader",
              "--lease-duration",
              "5s",
              "--watch-stall-timeout",
              "soon",
              "--metrics-port",
              "http");
    } finally {
      System.setErr(original);
    }

    assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("5 invalid settings")
        .contains("--leader-election (env KEW_LEADER_ELECTION) must be auto, true or false")
        .contains("--lease-name (env KEW_LEASE_NAME): 'Events_Leader' is not a valid Lease name")
        .contains("--lease-retry-period < --lease-renew-deadline < --lease-duration must hold")
        .contains("--watch-stall-timeout (env KEW_WATCH_STALL_TIMEOUT)")
        .contains("--metrics-port (env KEW_METRICS_PORT) must be a number");
  }
}
