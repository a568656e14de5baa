package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.RootPathsBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API discovery documents of the simulated cluster ({@code /api}, {@code /apis}, {@code
 * /api/v1}, {@code /apis/GROUP/VERSION}, {@code /version}, {@code /}), built with the fabric8 model
 * builders. The CRUD mock stores objects of any kind but answers none of these, and both fabric8's
 * generic lookups and kubectl need them.
 */
final class ApiDiscovery {

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** Resources per group version, {@code "v1"} being the core group. */
  private final Map<String, List<APIResource>> resources = new LinkedHashMap<>();

  ApiDiscovery() {
    resources.put(
        "v1",
        List.of(
            resource("namespaces", "namespace", "Namespace", false, "ns"),
            resource("pods", "pod", "Pod", true, "po"),
            resource("services", "service", "Service", true, "svc"),
            resource("configmaps", "configmap", "ConfigMap", true, "cm"),
            resource("secrets", "secret", "Secret", true),
            resource("events", "event", "Event", true, "ev"),
            resource("serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa"),
            resource(
                "persistentvolumeclaims",
                "persistentvolumeclaim",
                "PersistentVolumeClaim",
                true,
                "pvc"),
            resource("nodes", "node", "Node", false, "no")));
    resources.put(
        "apps/v1",
        List.of(
            resource("deployments", "deployment", "Deployment", true, "deploy"),
            resource("statefulsets", "statefulset", "StatefulSet", true, "sts"),
            resource("daemonsets", "daemonset", "DaemonSet", true, "ds"),
            resource("replicasets", "replicaset", "ReplicaSet", true, "rs")));
    resources.put(
        "apiextensions.k8s.io/v1",
        List.of(
            resource(
                "customresourcedefinitions",
                "customresourcedefinition",
                "CustomResourceDefinition",
                false,
                "crd",
                "crds")));
    resources.put("coordination.k8s.io/v1", List.of(resource("leases", "lease", "Lease", true)));
    resources.put(
        SimulatedCluster.BACKUP_GROUP + "/" + SimulatedCluster.BACKUP_VERSION,
        List.of(
            resource(
                SimulatedCluster.BACKUP_PLURAL,
                "backup",
                SimulatedCluster.BACKUP_KIND,
                true,
                "bk")));
  }

  /**
   * The discovery document for a GET of {@code path} (query string ignored), or empty when {@code
   * path} is not a discovery path.
   */
  Optional<Object> answer(String path) {
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    if (bare.length() > 1 && bare.endsWith("/")) {
      bare = bare.substring(0, bare.length() - 1);
    }
    if (bare.isEmpty() || bare.equals("/")) {
      return Optional.of(new RootPathsBuilder().withPaths(rootPaths()).build());
    }
    if (bare.equals("/version")) {
      return Optional.of(VERSION);
    }
    if (bare.equals("/api")) {
      return Optional.of(
          new APIVersionsBuilder()
              .withVersions("v1")
              .addNewServerAddressByClientCIDR("0.0.0.0/0", "127.0.0.1")
              .build());
    }
    if (bare.equals("/apis")) {
      return Optional.of(new APIGroupListBuilder().withGroups(groups()).build());
    }
    String groupVersion =
        bare.startsWith("/api/")
            ? bare.substring("/api/".length())
            : bare.startsWith("/apis/") ? bare.substring("/apis/".length()) : null;
    if (groupVersion == null) {
      return Optional.empty();
    }
    if (bare.startsWith("/api/") && !groupVersion.equals("v1")) {
      return Optional.empty();
    }
    List<APIResource> list = resources.get(groupVersion);
    if (list != null) {
      return Optional.of(
          new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(list).build());
    }
    return groups().stream()
        .filter(group -> group.getName().equals(groupVersion))
        .findFirst()
        .map(Object.class::cast);
  }

  private List<APIGroup> groups() {
    List<APIGroup> groups = new ArrayList<>();
    for (String groupVersion : resources.keySet()) {
      int slash = groupVersion.indexOf('/');
      if (slash < 0) {
        continue;
      }
      GroupVersionForDiscovery version =
          new GroupVersionForDiscoveryBuilder()
              .withGroupVersion(groupVersion)
              .withVersion(groupVersion.substring(slash + 1))
              .build();
      groups.add(
          new APIGroupBuilder()
              .withName(groupVersion.substring(0, slash))
              .withVersions(version)
              .withPreferredVersion(version)
              .build());
    }
    return groups;
  }

  private List<String> rootPaths() {
    List<String> paths = new ArrayList<>(List.of("/api", "/api/v1", "/apis", "/version"));
    resources.keySet().stream()
        .filter(groupVersion -> groupVersion.contains("/"))
        .forEach(
            groupVersion -> {
              paths.add("/apis/" + groupVersion.substring(0, groupVersion.indexOf('/')));
              paths.add("/apis/" + groupVersion);
            });
    return paths;
  }

  private static APIResource resource(
      String plural, String singular, String kind, boolean namespaced, String... shortNames) {
    return new APIResourceBuilder()
        .withName(plural)
        .withSingularName(singular)
        .withKind(kind)
        .withNamespaced(namespaced)
        .withShortNames(shortNames)
        .withVerbs(VERBS)
        .build();
  }

  private static final VersionInfo VERSION =
      new VersionInfo.Builder()
          .withMajor("1")
          .withMinor("32")
          .withGitVersion("v1.32.0-kew-simulated")
          .withGitTreeState("clean")
          .withPlatform("linux/amd64")
          .build();
}
