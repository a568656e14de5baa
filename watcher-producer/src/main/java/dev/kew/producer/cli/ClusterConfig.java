package dev.kew.producer.cli;

import dev.kew.producer.ProducerSettings;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The fabric8 configuration of the cluster to watch: the {@code --kubeconfig} file, or fabric8's
 * usual lookup ({@code KUBECONFIG}, {@code ~/.kube/config}, the in-cluster service account), with
 * the {@code --context} if one is given.
 */
public final class ClusterConfig {

  private ClusterConfig() {}

  /** fabric8's usual lookup, or the given kubeconfig file, with the given context if any. */
  public static Config load(ProducerSettings settings) {
    String contextName = settings.context().orElse(null);
    if (settings.kubeconfig().isPresent()) {
      return Config.fromKubeconfig(contextName, settings.kubeconfig().get().toFile());
    }
    return Config.autoConfigure(contextName);
  }

  /**
   * {@link #load}, where an unreadable configuration or an unknown context is a usage error of
   * {@code cmd} that names the contexts the kubeconfig has.
   */
  static Config loadChecked(ProducerSettings settings, CommandLine cmd) {
    Config config;
    try {
      config = load(settings);
    } catch (KubernetesClientException e) {
      throw new ParameterException(
          cmd, "Cannot load the Kubernetes configuration: " + e.getMessage(), e);
    }
    String wanted = settings.context().orElse(null);
    List<String> known =
        config.getContexts() == null
            ? List.of()
            : config.getContexts().stream().map(NamedContext::getName).toList();
    if (wanted != null && !known.contains(wanted)) {
      throw new ParameterException(
          cmd,
          "--context (env KEW_CONTEXT): no context '"
              + wanted
              + "' in the kubeconfig"
              + (known.isEmpty() ? "" : "; it has: " + String.join(", ", known)));
    }
    return config;
  }
}
