package dev.kew.producer.reconcile;

import dev.kew.producer.discovery.ResolvedResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Lists, with one request per resource (and namespace), the objects a {@link StreamScope} sees. */
public final class ClusterListing {

  private ClusterListing() {}

  /** Every object the scope watches, as the API server lists it now. */
  public static List<GenericKubernetesResource> list(KubernetesClient client, StreamScope scope) {
    List<GenericKubernetesResource> objects = new ArrayList<>();
    for (ResolvedResource resource : scope.resources()) {
      var operation = client.genericKubernetesResources(resource.context());
      List<String> namespaces =
          resource.namespaced() && !scope.namespaces().isEmpty() ? scope.namespaces() : List.of("");
      for (String namespace : namespaces) {
        var listing =
            namespace.isEmpty() ? operation.inAnyNamespace() : operation.inNamespace(namespace);
        var filtered = scope.labelSelector().map(listing::withLabelSelector).orElse(listing);
        objects.addAll(filtered.list().getItems());
      }
    }
    return objects;
  }

  /** The UIDs of every object the scope watches, as the API server lists it now. */
  public static Set<String> uids(KubernetesClient client, StreamScope scope) {
    Set<String> uids = new HashSet<>();
    list(client, scope).forEach(o -> uids.add(o.getMetadata().getUid()));
    return uids;
  }
}
