package dev.kew.local.cluster.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.local.cluster.store.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kinds the simulated API server serves: a fixed set of built-in kinds, and the kinds of the
 * CustomResourceDefinitions stored in it (creating a CRD makes its kind servable and discoverable;
 * deleting it withdraws the kind, its objects stay stored as on a real server until re-created).
 */
final class ResourceRegistry {

  static final ResourceType CUSTOM_RESOURCE_DEFINITIONS =
      ResourceType.builtIn(
          "apiextensions.k8s.io/v1",
          "customresourcedefinitions",
          "CustomResourceDefinition",
          false,
          true,
          "crd",
          "crds");

  private static final List<ResourceType> BUILT_IN =
      List.of(
          ResourceType.builtIn("v1", "namespaces", "Namespace", false, true, "ns"),
          ResourceType.builtIn("v1", "pods", "Pod", true, true, "po"),
          ResourceType.builtIn("v1", "services", "Service", true, true, "svc"),
          ResourceType.builtIn("v1", "configmaps", "ConfigMap", true, false, "cm"),
          ResourceType.builtIn("v1", "secrets", "Secret", true, false),
          ResourceType.builtIn("v1", "events", "Event", true, false, "ev"),
          ResourceType.builtIn("v1", "serviceaccounts", "ServiceAccount", true, false, "sa"),
          ResourceType.builtIn(
              "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, true, "pvc"),
          ResourceType.builtIn("v1", "nodes", "Node", false, true, "no"),
          ResourceType.builtIn("apps/v1", "deployments", "Deployment", true, true, "deploy"),
          ResourceType.builtIn("apps/v1", "statefulsets", "StatefulSet", true, true, "sts"),
          ResourceType.builtIn("apps/v1", "daemonsets", "DaemonSet", true, true, "ds"),
          ResourceType.builtIn("apps/v1", "replicasets", "ReplicaSet", true, true, "rs"),
          CUSTOM_RESOURCE_DEFINITIONS,
          ResourceType.builtIn("coordination.k8s.io/v1", "leases", "Lease", true, false));

  /** By {@code group/version/plural} (the core group's group being empty). */
  private final Map<String, ResourceType> served = new ConcurrentHashMap<>();

  /** The types each stored CRD (by name) defined. */
  private final Map<String, List<ResourceType>> definedBy = new ConcurrentHashMap<>();

  ResourceRegistry() {
    BUILT_IN.forEach(type -> served.put(path(type.group(), type.version(), type.plural()), type));
  }

  Optional<ResourceType> find(String group, String version, String plural) {
    return Optional.ofNullable(served.get(path(group, version, plural)));
  }

  /** Every served kind, built-in ones first, then custom ones by group. */
  List<ResourceType> all() {
    List<ResourceType> all = new ArrayList<>(BUILT_IN);
    definedBy.values().stream()
        .flatMap(List::stream)
        .sorted(
            java.util.Comparator.comparing(ResourceType::group)
                .thenComparing(ResourceType::version)
                .thenComparing(ResourceType::plural))
        .forEach(all::add);
    return all;
  }

  /** Serves the kind (every served version) of a stored CustomResourceDefinition. */
  void define(JsonNode crd) {
    withdraw(crd);
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    String group = spec.path("group").asText("");
    String plural = names.path("plural").asText("");
    String kind = names.path("kind").asText("");
    if (!group.contains(".") || plural.isEmpty() || kind.isEmpty()) {
      return; // kube-apiserver refuses such a definition; here it just serves nothing
    }
    List<String> shortNames = new ArrayList<>();
    names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true) || version.path("name").asText("").isEmpty()) {
        continue;
      }
      types.add(
          new ResourceType(
              group,
              version.path("name").asText(),
              plural,
              names.path("singular").asText(""),
              kind,
              !"Cluster".equals(spec.path("scope").asText()),
              shortNames,
              true,
              version.path("subresources").has("status")));
    }
    types.removeIf(
        type -> BUILT_IN.stream().anyMatch(b -> b.groupResource().equals(type.groupResource())));
    types.forEach(type -> served.put(path(type.group(), type.version(), type.plural()), type));
    definedBy.put(crd.path("metadata").path("name").asText(), List.copyOf(types));
  }

  /** Stops serving the kind of a deleted CustomResourceDefinition. */
  void withdraw(JsonNode crd) {
    List<ResourceType> types = definedBy.remove(crd.path("metadata").path("name").asText());
    if (types != null) {
      types.forEach(type -> served.remove(path(type.group(), type.version(), type.plural())));
    }
  }

  static boolean isDefinition(ResourceType type) {
    return type.groupResource().equals(CUSTOM_RESOURCE_DEFINITIONS.groupResource());
  }

  private static String path(String group, String version, String plural) {
    return group + "/" + version + "/" + plural;
  }
}
