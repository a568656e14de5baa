package dev.kew.producer.audit;

import dev.kew.cli.ExitCodes;
import dev.kew.producer.ProducerSettings;
import dev.kew.producer.StartupException;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.cli.ClusterConfig;
import dev.kew.producer.cli.ProducerCommand;
import dev.kew.producer.diff.ChangeRules;
import dev.kew.producer.discovery.ResolvedResource;
import dev.kew.producer.discovery.ResourceCatalog;
import dev.kew.producer.reconcile.StreamScope;
import dev.kew.producer.redact.Redactor;
import dev.kew.producer.watch.ObjectSanitizer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.ParameterException;

/**
 * {@code kew verify}: audits a stream. Takes the producer's own options (same parsing, same
 * environment variables: {@code --resources}, {@code --namespace}, {@code --label-selector}, {@code
 * --kubeconfig}, {@code --context}, {@code --cluster-name}, the Kafka options), reads the whole
 * topic with {@code read_committed} and lists the live cluster, then prints one line per finding:
 * stale objects (last event's resourceVersion is not the live one), missing deletes (last event not
 * DELETED, object gone), objects never published, duplicate (uid, resourceVersion, type) records.
 * Exit code 0 when clean, 1 on any finding or when Kafka or the API server cannot be used, 2 on bad
 * usage.
 */
public final class VerifyCommand {

  static final String USAGE =
      "Usage: kew verify [producer options: --bootstrap-servers, --topic, --resources,"
          + " --namespace, --label-selector, --kubeconfig, --context, --cluster-name,"
          + " --kafka-timeout, --kafka-config, -X ...]";

  private VerifyCommand() {}

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the audit as the command line would; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(USAGE);
      out.println(
          "Compares the topic's last event of each object with the live cluster; exit 0 when"
              + " clean, 1 on any finding, 2 on bad usage. 'watcher-producer --help' describes"
              + " the options.");
      return ExitCodes.OK;
    }
    ProducerSettings settings;
    try {
      settings = ProducerCommand.parseSettings(args);
    } catch (ParameterException e) {
      err.println("Error: " + e.getMessage());
      err.println(USAGE);
      return ExitCodes.USAGE;
    }
    try (KubernetesClient client =
        new KubernetesClientBuilder().withConfig(ClusterConfig.load(settings)).build()) {
      AuditReport report = audit(settings, client);
      report.lines().forEach(out::println);
      out.flush();
      return report.clean() ? ExitCodes.OK : ExitCodes.FAILURE;
    } catch (StartupException e) {
      err.println("Error: " + e.getMessage());
      return e.badUsage() ? ExitCodes.USAGE : ExitCodes.FAILURE;
    } catch (KubernetesClientException | KafkaException | IllegalStateException e) {
      err.println("Error: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
  }

  /** Audits the stream the settings describe, against the cluster of {@code client}. */
  public static AuditReport audit(ProducerSettings settings, KubernetesClient client) {
    List<ResolvedResource> resources =
        ResourceCatalog.discover(client).resolveAll(settings.resources());
    String cluster =
        settings
            .clusterName()
            .orElseGet(() -> WatcherProducer.defaultClusterName(client.getConfiguration()));
    StreamScope scope =
        new StreamScope(cluster, resources, settings.namespaces(), settings.labelSelector());
    return Audit.run(
        settings.kafka().clientProperties(),
        settings.kafka().topic(),
        scope,
        client,
        new ObjectSanitizer(new Redactor(settings.redaction())),
        new ChangeRules(settings.ignorePaths()),
        settings.kafkaTimeout());
  }
}
