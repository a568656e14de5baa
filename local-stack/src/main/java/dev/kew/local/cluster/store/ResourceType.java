package dev.kew.local.cluster.store;

import java.util.List;
import java.util.Objects;

/**
 * One kind the simulated API server serves: its group, version and names, as discovery lists them.
 *
 * @param group API group, empty for the core group
 * @param custom defined by a CustomResourceDefinition (strategic-merge patch is refused for these)
 * @param statusSubresource writes to the object leave {@code status} alone; {@code /status} writes
 *     only {@code status}
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    boolean custom,
    boolean statusSubresource) {

  public ResourceType {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(plural, "plural");
    Objects.requireNonNull(kind, "kind");
    singular = singular == null || singular.isEmpty() ? kind.toLowerCase() : singular;
    shortNames = shortNames == null ? List.of() : List.copyOf(shortNames);
  }

  /** A built-in kind. */
  public static ResourceType builtIn(
      String groupVersion,
      String plural,
      String kind,
      boolean namespaced,
      boolean statusSubresource,
      String... shortNames) {
    int slash = groupVersion.indexOf('/');
    return new ResourceType(
        slash < 0 ? "" : groupVersion.substring(0, slash),
        groupVersion.substring(slash + 1),
        plural,
        kind.toLowerCase(),
        kind,
        namespaced,
        List.of(shortNames),
        false,
        statusSubresource);
  }

  /** {@code v1} or {@code group/version}, as in an object's {@code apiVersion}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code pods}, {@code deployments.apps}: what identifies the stored objects across versions. */
  public String groupResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  public String listKind() {
    return kind + "List";
  }
}
