package dev.kew.local.cluster.api;

import dev.kew.local.cluster.store.ResourceType;
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
 * builders from the kinds the {@link ResourceRegistry} serves at the time of the request.
 */
final class ApiDiscovery {

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private static final VersionInfo VERSION =
      new VersionInfo.Builder()
          .withMajor("1")
          .withMinor("32")
          .withGitVersion("v1.32.0-kew-simulated")
          .withGitTreeState("clean")
          .withPlatform("linux/amd64")
          .build();

  private final ResourceRegistry registry;

  ApiDiscovery(ResourceRegistry registry) {
    this.registry = registry;
  }

  /**
   * The discovery document for a GET of {@code path} (no query string), or empty when {@code path}
   * is not a discovery path.
   */
  Optional<Object> answer(String path) {
    String bare =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
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
    if (groupVersion == null || (bare.startsWith("/api/") && !groupVersion.equals("v1"))) {
      return Optional.empty();
    }
    List<APIResource> list = byGroupVersion().get(groupVersion);
    if (list != null) {
      return Optional.of(
          new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(list).build());
    }
    return groups().stream()
        .filter(group -> group.getName().equals(groupVersion))
        .findFirst()
        .map(Object.class::cast);
  }

  private Map<String, List<APIResource>> byGroupVersion() {
    Map<String, List<APIResource>> resources = new LinkedHashMap<>();
    for (ResourceType type : registry.all()) {
      resources.computeIfAbsent(type.apiVersion(), gv -> new ArrayList<>()).add(resource(type));
    }
    return resources;
  }

  private List<APIGroup> groups() {
    Map<String, List<GroupVersionForDiscovery>> versions = new LinkedHashMap<>();
    for (String groupVersion : byGroupVersion().keySet()) {
      int slash = groupVersion.indexOf('/');
      if (slash > 0) {
        versions
            .computeIfAbsent(groupVersion.substring(0, slash), g -> new ArrayList<>())
            .add(
                new GroupVersionForDiscoveryBuilder()
                    .withGroupVersion(groupVersion)
                    .withVersion(groupVersion.substring(slash + 1))
                    .build());
      }
    }
    List<APIGroup> groups = new ArrayList<>();
    versions.forEach(
        (group, list) ->
            groups.add(
                new APIGroupBuilder()
                    .withName(group)
                    .withVersions(list)
                    .withPreferredVersion(list.get(0))
                    .build()));
    return groups;
  }

  private List<String> rootPaths() {
    List<String> paths = new ArrayList<>(List.of("/api", "/api/v1", "/apis", "/version"));
    for (String groupVersion : byGroupVersion().keySet()) {
      int slash = groupVersion.indexOf('/');
      if (slash > 0) {
        paths.add("/apis/" + groupVersion.substring(0, slash));
        paths.add("/apis/" + groupVersion);
      }
    }
    return paths.stream().distinct().toList();
  }

  private static APIResource resource(ResourceType type) {
    return new APIResourceBuilder()
        .withName(type.plural())
        .withSingularName(type.singular())
        .withKind(type.kind())
        .withNamespaced(type.namespaced())
        .withShortNames(type.shortNames())
        .withVerbs(VERBS)
        .build();
  }
}
