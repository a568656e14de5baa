package dev.kew.producer.cli;

import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.model.LabelSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which cluster the producer watches, and which of its objects (a picocli mixin): the resources,
 * namespaces and label selector, the cluster name, the kubeconfig and its context.
 */
final class WatchOptions {

  static final String DEFAULT_RESOURCES = "deployments,services,pods,configmaps";

  @Option(
      names = "--resources",
      split = ",",
      paramLabel = "RESOURCE",
      defaultValue = "${env:KEW_RESOURCES:-" + DEFAULT_RESOURCES + "}",
      description =
          "What to watch, comma-separated: plural (deployments), short name (deploy), kind"
              + " (Deployment), group/version/plural (apps/v1/deployments) or plural.group"
              + " (backups.demo.kew.dev); CRDs included, all resolved through API discovery. An"
              + " unknown name is an error that lists what the API server offers (env KEW_RESOURCES,"
              + " default: ${DEFAULT-VALUE}).")
  List<String> resources = new ArrayList<>();

  @Option(
      names = "--namespace",
      split = ",",
      paramLabel = "NAMESPACE",
      defaultValue = "${env:KEW_NAMESPACES}",
      description =
          "Namespace to watch; repeatable, or a comma-separated list in the env var; default:"
              + " all namespaces. Cluster-scoped kinds are still watched cluster-wide (env"
              + " KEW_NAMESPACES).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--label-selector",
      paramLabel = "SELECTOR",
      defaultValue = "${env:KEW_LABEL_SELECTOR}",
      description =
          "Only objects matching this label selector, e.g. app=web,tier!=cache or env in"
              + " (prod,staging) (env KEW_LABEL_SELECTOR).")
  String labelSelector;

  @Option(
      names = "--cluster-name",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_CLUSTER_NAME}",
      description =
          "Cluster name written into every event; default: the kubeconfig context name, or"
              + " in-cluster with a service account (env KEW_CLUSTER_NAME).")
  String clusterName;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_KUBECONFIG}",
      description =
          "Kubeconfig file; default: fabric8's usual order: KUBECONFIG, ~/.kube/config, then"
              + " the in-cluster service account (env KEW_KUBECONFIG).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      defaultValue = "${env:KEW_CONTEXT}",
      description =
          "Kubeconfig context; default: the current one. An unknown context is an error that"
              + " lists the known ones (env KEW_CONTEXT).")
  String context;

  /** The resource names, to be resolved through API discovery; a sentence in {@code v} if bad. */
  List<String> resources(Validation v) {
    List<String> kinds = OptionValues.list(resources);
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
    return kinds;
  }

  /** The namespaces to watch, empty for all; a sentence in {@code v} for each invalid name. */
  List<String> namespaces(Validation v) {
    List<String> watched = OptionValues.list(namespaces);
    for (String namespace : watched) {
      v.check(
          namespace.length() <= 63 && namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"),
          "--namespace (env KEW_NAMESPACES): '" + namespace + "' is not a valid namespace name");
    }
    return watched;
  }

  /** The label selector, if given; a sentence in {@code v} when it is not one. */
  Optional<String> labelSelector(Validation v) {
    Optional<String> selector = OptionValues.optional(labelSelector);
    selector.ifPresent(
        text -> {
          try {
            LabelSelector.parse(text);
          } catch (IllegalArgumentException e) {
            v.add("--label-selector (env KEW_LABEL_SELECTOR) '" + text + "': " + e.getMessage());
          }
        });
    return selector;
  }

  /** The kubeconfig file, if given; a sentence in {@code v} when it cannot be read. */
  Optional<Path> kubeconfig(Validation v) {
    Optional<Path> file = Optional.ofNullable(kubeconfig);
    file.ifPresent(
        given ->
            v.check(
                Files.isReadable(given),
                "--kubeconfig (env KEW_KUBECONFIG): cannot read file " + given));
    return file;
  }

  Optional<String> clusterName() {
    return OptionValues.optional(clusterName);
  }

  Optional<String> context() {
    return OptionValues.optional(context);
  }

  /** Whether the user named a cluster ({@code --kubeconfig} or {@code --context}). */
  boolean namesItsCluster() {
    return kubeconfig != null || context().isPresent();
  }
}
