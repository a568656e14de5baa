package dev.kew.producer.cli;

import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.producer.ha.LeaderElectionSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The producer's leader-election flags (a picocli mixin), validated into one settings record. */
final class LeaderElectionOptions {

  private static final Logger log = LoggerFactory.getLogger(LeaderElectionOptions.class);

  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  @Option(
      names = "--leader-election",
      paramLabel = "auto|true|false",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "${env:KEW_LEADER_ELECTION:-auto}",
      description =
          "Replicas elect one leader through a Lease; only the leader watches and publishes."
              + " auto: on in a pod (KUBERNETES_SERVICE_HOST set, no --kubeconfig or --context), off"
              + " elsewhere; the flag alone means true (env KEW_LEADER_ELECTION, default:"
              + " ${DEFAULT-VALUE}).")
  String leaderElection;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_LEASE_NAME}",
      description =
          "The coordination.k8s.io/v1 Lease; default: kew-producer-<topic>, lowercased, other"
              + " characters as - (env KEW_LEASE_NAME).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NAMESPACE",
      defaultValue = "${env:KEW_LEASE_NAMESPACE}",
      description =
          "Namespace of the Lease; default: the pod's namespace (from its service account),"
              + " else default (env KEW_LEASE_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--lease-duration",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_LEASE_DURATION:-15s}",
      description =
          "A standby takes over this long after the leader's last renewal (env"
              + " KEW_LEASE_DURATION, default: ${DEFAULT-VALUE}).")
  String leaseDuration;

  @Option(
      names = "--lease-renew-deadline",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_LEASE_RENEW_DEADLINE:-10s}",
      description =
          "A leader that could not renew for this long stops and exits 1; must be below the"
              + " lease duration (env KEW_LEASE_RENEW_DEADLINE, default: ${DEFAULT-VALUE}).")
  String leaseRenewDeadline;

  @Option(
      names = "--lease-retry-period",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_LEASE_RETRY_PERIOD:-2s}",
      description =
          "How often to try to acquire or renew the Lease; must be below the renew deadline"
              + " (env KEW_LEASE_RETRY_PERIOD, default: ${DEFAULT-VALUE}).")
  String leaseRetryPeriod;

  /**
   * Validates the flags, adding a sentence to {@code v} for each problem.
   *
   * @param topic the event topic, which names the default Lease
   * @param inPod whether the producer runs in a pod, which {@code auto} turns the election on for
   * @param serviceAccountNamespace the file that holds a pod's namespace
   */
  LeaderElectionSettings toSettings(
      Validation v, String topic, boolean inPod, Path serviceAccountNamespace) {
    OptionValues values = new OptionValues(v);
    String mode = leaderElection == null ? "auto" : leaderElection.trim().toLowerCase(Locale.ROOT);
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
        OptionValues.optional(leaseName)
            .orElseGet(() -> LeaderElectionSettings.defaultLeaseName(topic));
    v.check(
        name.length() <= 253 && name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"),
        "--lease-name (env KEW_LEASE_NAME): '" + name + "' is not a valid Lease name");
    String namespace =
        OptionValues.optional(leaseNamespace)
            .orElseGet(() -> podNamespace(serviceAccountNamespace));
    v.check(
        namespace.length() <= 63 && namespace.matches(DNS_LABEL),
        "--lease-namespace (env KEW_LEASE_NAMESPACE): '" + namespace + "' is not a namespace name");
    Duration lease =
        values.positiveDuration(leaseDuration, "--lease-duration", "KEW_LEASE_DURATION");
    Duration renew =
        values.positiveDuration(
            leaseRenewDeadline, "--lease-renew-deadline", "KEW_LEASE_RENEW_DEADLINE");
    Duration retry =
        values.positiveDuration(leaseRetryPeriod, "--lease-retry-period", "KEW_LEASE_RETRY_PERIOD");
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
  private static String podNamespace(Path serviceAccountNamespace) {
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
}
