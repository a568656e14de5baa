package dev.kew.producer.reconcile;

import dev.kew.producer.discovery.ResolvedResource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The objects one producer configuration watches: a cluster, the resolved resources, the namespaces
 * and the label selector. It names the stream (its {@code transactional.id}) and tells which state
 * records and events belong to it.
 *
 * @param cluster the cluster name written into every event
 * @param resources the watched kinds
 * @param namespaces the watched namespaces, empty for all
 * @param labelSelector the label selector, if any
 */
public record StreamScope(
    String cluster,
    List<ResolvedResource> resources,
    List<String> namespaces,
    Optional<String> labelSelector) {

  public StreamScope {
    resources = List.copyOf(resources);
    namespaces = List.copyOf(namespaces);
  }

  /**
   * Whether an object of this cluster, kind and namespace is one this configuration watches (the
   * label selector is not checked: an object that no longer matches it counts as gone).
   *
   * @param apiVersion {@code apps/v1}, {@code v1}
   * @param namespace empty or {@code null} for cluster-scoped objects
   */
  public boolean covers(String cluster, String apiVersion, String kind, String namespace) {
    if (!this.cluster.equals(cluster)) {
      return false;
    }
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    boolean hasNamespace = namespace != null && !namespace.isEmpty();
    return resources.stream()
        .anyMatch(
            r ->
                r.group().equals(group)
                    && r.kind().equals(kind)
                    && r.namespaced() == hasNamespace
                    && (!r.namespaced() || namespaces.isEmpty() || namespaces.contains(namespace)));
  }

  /**
   * The producer's {@code transactional.id}: {@code kew-<cluster>-<hash>}, the hash (SHA-256, 12
   * hex digits) over topic, cluster, resources, namespaces and selector, order-independent. Two
   * producers with the same settings share it, so the later one fences the earlier.
   */
  public String transactionalId(String topic) {
    StringBuilder identity = new StringBuilder();
    identity.append(topic).append('\n').append(cluster).append('\n');
    new TreeSet<>(resources.stream().map(ResolvedResource::displayName).toList())
        .forEach(r -> identity.append(r).append(','));
    identity.append('\n');
    new TreeSet<>(namespaces).forEach(n -> identity.append(n).append(','));
    identity.append('\n').append(labelSelector.orElse(""));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(identity.toString().getBytes(StandardCharsets.UTF_8));
      String name = cluster.replaceAll("[^A-Za-z0-9._-]", "-");
      return "kew-" + name + "-" + HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
