package dev.kew.producer.discovery;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Objects;

/**
 * A resource kind the API server serves, as found through API discovery.
 *
 * @param group API group, empty for the core group
 * @param version the version to watch (the group's preferred one unless asked otherwise)
 * @param plural the plural resource name, e.g. {@code deployments}
 * @param singular the singular name, possibly empty
 * @param kind the kind, e.g. {@code Deployment}
 * @param namespaced whether objects live in namespaces
 * @param shortNames kubectl short names, e.g. {@code deploy}
 */
public record ResolvedResource(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames) {

  public ResolvedResource {
    group = Objects.requireNonNullElse(group, "");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(plural, "plural");
    singular = Objects.requireNonNullElse(singular, "");
    Objects.requireNonNull(kind, "kind");
    shortNames = shortNames == null ? List.of() : List.copyOf(shortNames);
  }

  /** {@code apps/v1}, or {@code v1} for the core group. */
  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code deployments.apps/v1}, or {@code services/v1} for the core group. */
  public String displayName() {
    return group.isEmpty() ? plural + "/" + version : plural + "." + group + "/" + version;
  }

  /** What fabric8's {@code genericKubernetesResources} needs to list and watch this kind. */
  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withPlural(plural)
        .withKind(kind)
        .withNamespaced(namespaced)
        .build();
  }

  @Override
  public String toString() {
    return displayName();
  }
}
