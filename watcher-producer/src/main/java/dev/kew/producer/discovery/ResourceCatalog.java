package dev.kew.producer.discovery;

import dev.kew.producer.StartupException;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The resource kinds an API server serves, learned through API discovery, and the resolution of the
 * names users type ({@code deployments}, {@code deploy}, {@code Deployment}, {@code
 * apps/v1/deployments}, {@code backups.demo.kew.dev}) to those kinds.
 *
 * <p>Only each group's preferred version is listed; an explicit {@code group/version/plural} may
 * name another served version. Subresources ({@code pods/status}) and kinds that cannot be listed
 * and watched are left out.
 */
public final class ResourceCatalog {

  private static final List<BiPredicate<ResolvedResource, String>> MATCH_ORDER =
      List.of(
          (r, n) -> r.plural().equalsIgnoreCase(n),
          (r, n) -> r.singular().equalsIgnoreCase(n),
          (r, n) -> r.shortNames().stream().anyMatch(s -> s.equalsIgnoreCase(n)),
          (r, n) -> r.kind().equalsIgnoreCase(n));

  private final List<ResolvedResource> preferred;
  private final Function<String, List<ResolvedResource>> groupVersionLookup;

  /**
   * @param preferred the kinds of every group's preferred version, in discovery order (core first)
   * @param groupVersionLookup the kinds of any {@code group/version}, for explicit versions
   */
  public ResourceCatalog(
      List<ResolvedResource> preferred,
      Function<String, List<ResolvedResource>> groupVersionLookup) {
    this.preferred = List.copyOf(preferred);
    this.groupVersionLookup = groupVersionLookup;
  }

  /**
   * Asks the API server which kinds it serves: core {@code v1}, then every group's preferred
   * version.
   *
   * @throws StartupException when the API server cannot be reached or answers with an error
   */
  public static ResourceCatalog discover(KubernetesClient client) {
    try {
      List<ResolvedResource> kinds = new ArrayList<>(fetch(client, "v1"));
      for (APIGroup group : client.getApiGroups().getGroups()) {
        String groupVersion =
            group.getPreferredVersion() != null
                ? group.getPreferredVersion().getGroupVersion()
                : group.getVersions().get(0).getGroupVersion();
        kinds.addAll(fetch(client, groupVersion));
      }
      return new ResourceCatalog(kinds, groupVersion -> fetch(client, groupVersion));
    } catch (KubernetesClientException e) {
      throw new StartupException(
          "Cannot discover the resources served by the Kubernetes API server at "
              + client.getMasterUrl()
              + ": "
              + rootCause(e),
          false,
          e);
    }
  }

  /** Every kind of the preferred versions, in discovery order. */
  public List<ResolvedResource> resources() {
    return preferred;
  }

  /** The sorted, distinct plural names of the preferred versions: what users may ask for. */
  public List<String> offeredNames() {
    return preferred.stream().map(ResolvedResource::plural).distinct().sorted().toList();
  }

  /**
   * Resolves every name, dropping duplicates.
   *
   * @throws UnknownResourceException naming every unknown name and the names the server offers
   */
  public List<ResolvedResource> resolveAll(List<String> names) {
    LinkedHashSet<ResolvedResource> resolved = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      resolve(name).ifPresentOrElse(resolved::add, () -> unknown.add(name));
    }
    if (!unknown.isEmpty()) {
      String quoted = unknown.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
      throw new UnknownResourceException(
          (unknown.size() == 1 ? "Unknown resource " : "Unknown resources ")
              + quoted
              + " in --resources (env KEW_RESOURCES); the API server offers: "
              + String.join(", ", offeredNames()));
    }
    return List.copyOf(resolved);
  }

  /**
   * Resolves one name: {@code group/version/plural} or {@code v1/plural}, else a plural, singular,
   * short or kind name (case-insensitive; the core group wins, then discovery order), else {@code
   * name.group} as kubectl writes it.
   */
  public Optional<ResolvedResource> resolve(String name) {
    String wanted = name.trim();
    int slash = wanted.lastIndexOf('/');
    if (slash > 0) {
      return byGroupVersion(wanted.substring(0, slash), wanted.substring(slash + 1));
    }
    Optional<ResolvedResource> byName = firstMatch(preferred, wanted);
    if (byName.isPresent()) {
      return byName;
    }
    int dot = wanted.indexOf('.');
    if (dot > 0) {
      String group = wanted.substring(dot + 1);
      List<ResolvedResource> inGroup =
          preferred.stream().filter(r -> r.group().equalsIgnoreCase(group)).toList();
      return firstMatch(inGroup, wanted.substring(0, dot));
    }
    return Optional.empty();
  }

  private Optional<ResolvedResource> byGroupVersion(String groupVersion, String name) {
    List<ResolvedResource> served =
        preferred.stream().filter(r -> r.groupVersion().equals(groupVersion)).toList();
    if (served.isEmpty()) {
      served = lookup(groupVersion);
    }
    return firstMatch(served, name);
  }

  private List<ResolvedResource> lookup(String groupVersion) {
    try {
      return groupVersionLookup.apply(groupVersion);
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  private static Optional<ResolvedResource> firstMatch(List<ResolvedResource> kinds, String name) {
    for (BiPredicate<ResolvedResource, String> matches : MATCH_ORDER) {
      for (ResolvedResource kind : kinds) {
        if (matches.test(kind, name)) {
          return Optional.of(kind);
        }
      }
    }
    return Optional.empty();
  }

  private static List<ResolvedResource> fetch(KubernetesClient client, String groupVersion) {
    APIResourceList list = client.getApiResources(groupVersion);
    if (list == null || list.getResources() == null) {
      return List.of();
    }
    int slash = groupVersion.indexOf('/');
    String group = slash < 0 ? "" : groupVersion.substring(0, slash);
    String version = groupVersion.substring(slash + 1);
    List<ResolvedResource> kinds = new ArrayList<>();
    for (APIResource resource : list.getResources()) {
      if (resource.getName().contains("/") || !watchable(resource.getVerbs())) {
        continue;
      }
      kinds.add(
          new ResolvedResource(
              group,
              version,
              resource.getName(),
              resource.getSingularName(),
              resource.getKind(),
              Boolean.TRUE.equals(resource.getNamespaced()),
              resource.getShortNames()));
    }
    return kinds;
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }

  private static boolean watchable(List<String> verbs) {
    if (verbs == null || verbs.isEmpty()) {
      return true; // some servers (and mocks) leave verbs out; let the informer find out
    }
    List<String> lower = verbs.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    return lower.contains("list") && lower.contains("watch");
  }
}
