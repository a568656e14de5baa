package dev.kew.producer.reconcile;

import dev.kew.producer.discovery.ResolvedResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Listable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Lists, per resource (and namespace), the objects a {@link StreamScope} sees, in pages of {@value
 * #PAGE} as kubectl and client-go ask: one response of a whole large cluster would be read into
 * memory at once. A server that hands out a {@code continue} token it gave before would keep the
 * listing going round forever: that listing fails instead (the caller tries again later).
 */
public final class ClusterListing {

  private static final long PAGE = 500;

  private ClusterListing() {}

  /** Every object the scope watches, as the API server lists it now. */
  public static List<GenericKubernetesResource> list(KubernetesClient client, StreamScope scope) {
    List<GenericKubernetesResource> objects = new ArrayList<>();
    for (var listing : listings(client, scope)) {
      forEachPage(listing, page -> objects.addAll(page.getItems()));
    }
    return objects;
  }

  /** The UIDs of every object the scope watches, as the API server lists it now; nothing else. */
  public static Set<String> uids(KubernetesClient client, StreamScope scope) {
    Set<String> uids = new HashSet<>();
    for (var listing : listings(client, scope)) {
      forEachPage(
          listing,
          page ->
              page.getItems().stream()
                  .map(o -> o.getMetadata() == null ? null : o.getMetadata().getUid())
                  .filter(Objects::nonNull)
                  .forEach(uids::add));
    }
    return uids;
  }

  private static void forEachPage(
      Listable<GenericKubernetesResourceList> listing,
      Consumer<GenericKubernetesResourceList> action) {
    Set<String> tokens = new HashSet<>();
    String next = null;
    do {
      GenericKubernetesResourceList page =
          listing.list(new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
      action.accept(page);
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
      if (next != null && !tokens.add(next)) {
        throw new IllegalStateException(
            "The API server repeated an earlier continue token after "
                + (tokens.size() + 1)
                + " pages of a list; it would never end");
      }
    } while (next != null && !next.isEmpty());
  }

  private static List<Listable<GenericKubernetesResourceList>> listings(
      KubernetesClient client, StreamScope scope) {
    List<Listable<GenericKubernetesResourceList>> listings = new ArrayList<>();
    for (ResolvedResource resource : scope.resources()) {
      var operation = client.genericKubernetesResources(resource.context());
      List<String> namespaces =
          resource.namespaced() && !scope.namespaces().isEmpty() ? scope.namespaces() : List.of("");
      for (String namespace : namespaces) {
        var listing =
            namespace.isEmpty() ? operation.inAnyNamespace() : operation.inNamespace(namespace);
        listings.add(scope.labelSelector().map(listing::withLabelSelector).orElse(listing));
      }
    }
    return listings;
  }
}
