package dev.kew.producer.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kew.local.cluster.SimulatedCluster;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceCatalogTest {

  private static SimulatedCluster cluster;
  private static ResourceCatalog catalog;

  @BeforeAll
  static void discover() {
    cluster = SimulatedCluster.start(0);
    catalog = ResourceCatalog.discover(cluster.client());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "deployments, deployments.apps/v1",
    "deploy, deployments.apps/v1",
    "Deployment, deployments.apps/v1",
    "DEPLOYMENT, deployments.apps/v1",
    "apps/v1/deployments, deployments.apps/v1",
    "deployments.apps, deployments.apps/v1",
    "services, services/v1",
    "svc, services/v1",
    "po, pods/v1",
    "cm, configmaps/v1",
    "v1/pods, pods/v1",
    "ns, namespaces/v1",
    "crd, customresourcedefinitions.apiextensions.k8s.io/v1",
    "backups, backups.demo.kew.dev/v1",
    "Backup, backups.demo.kew.dev/v1",
    "bk, backups.demo.kew.dev/v1",
    "demo.kew.dev/v1/backups, backups.demo.kew.dev/v1",
    "backups.demo.kew.dev, backups.demo.kew.dev/v1"
  })
  void resolvesPluralShortKindAndGroupVersionNames(String name, String expected) {
    assertThat(catalog.resolve(name)).map(ResolvedResource::displayName).hasValue(expected);
  }

  @Test
  void resolvedKindsCarryScopeAndKindForTheInformer() {
    ResolvedResource backups = catalog.resolve("backups").orElseThrow();
    ResolvedResource namespaces = catalog.resolve("namespaces").orElseThrow();

    assertThat(backups.namespaced()).isTrue();
    assertThat(backups.context().getKind()).isEqualTo("Backup");
    assertThat(backups.context().getGroup()).isEqualTo("demo.kew.dev");
    assertThat(namespaces.namespaced()).isFalse();
  }

  @Test
  void subresourcesAndUnservedVersionsAreNotResources() {
    assertThat(catalog.resources()).noneMatch(r -> r.plural().contains("/"));
    assertThat(catalog.resolve("pods/status")).isEmpty();
    assertThat(catalog.resolve("apps/v2/deployments")).isEmpty();
  }

  @Test
  void duplicateNamesResolveOnce() {
    assertThat(catalog.resolveAll(List.of("deploy", "deployments", "Deployment", "svc")))
        .extracting(ResolvedResource::displayName)
        .containsExactly("deployments.apps/v1", "services/v1");
  }

  @Test
  void unknownResourcesAreNamedWithTheSortedListOfOfferedOnes() {
    assertThatThrownBy(() -> catalog.resolveAll(List.of("pods", "gizmos", "apps/v1/widgets")))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessageContaining("'gizmos', 'apps/v1/widgets'")
        .hasMessageContaining("--resources (env KEW_RESOURCES)")
        .hasMessageContaining(
            "backups, configmaps, customresourcedefinitions, daemonsets, deployments, events,"
                + " leases, namespaces, nodes, persistentvolumeclaims, pods, replicasets, secrets,"
                + " serviceaccounts, services, statefulsets");
  }
}
