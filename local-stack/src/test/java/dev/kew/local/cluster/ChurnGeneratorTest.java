package dev.kew.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChurnGeneratorTest {

  private SimulatedCluster cluster;
  private KubernetesClient client;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

  @BeforeEach
  void seededCluster() {
    cluster = SimulatedCluster.start(0);
    client = cluster.client();
    SeedData.apply(client);
  }

  @AfterEach
  void stop() {
    informers.forEach(SharedIndexInformer::close);
    cluster.close();
  }

  @Test
  void makesChangesOfEveryKindThatInformersSee() {
    informers.add(client.pods().inAnyNamespace().inform(counting("Pod")));
    informers.add(client.apps().deployments().inAnyNamespace().inform(counting("Deployment")));
    informers.add(client.services().inAnyNamespace().inform(counting("Service")));
    informers.add(client.configMaps().inAnyNamespace().inform(counting("ConfigMap")));
    informers.add(client.secrets().inAnyNamespace().inform(counting("Secret")));
    informers.add(
        client
            .genericKubernetesResources(SimulatedCluster.BACKUPS)
            .inAnyNamespace()
            .inform(counting("Backup")));

    ChurnGenerator churn = new ChurnGenerator(client, 50, 7).start(Duration.ofSeconds(1));
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> churn.finished().isDone());

      assertThat(churn.failures()).isZero();
      assertThat(churn.changesByKind().values())
          .allSatisfy(count -> assertThat(count).isPositive());
      assertThat(churn.changes()).isBetween(20L, 60L);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .containsKeys(
                          "Pod ADDED",
                          "Pod DELETED",
                          "Deployment MODIFIED",
                          "Service ADDED",
                          "ConfigMap ADDED",
                          "Secret MODIFIED",
                          "Backup MODIFIED"));
    } finally {
      churn.stop();
    }
  }

  @Test
  void stopEndsTheChurnAndCountsStayPut() {
    ChurnGenerator churn = new ChurnGenerator(client, 20, 1).start();
    await().atMost(Duration.ofSeconds(10)).until(() -> churn.changes() >= 3);

    churn.stop();
    long afterStop = churn.changes();

    assertThat(churn.finished()).isDone();
    assertThat(churn.changes()).isEqualTo(afterStop);
  }

  @Test
  void sameSeedMakesTheSameSequenceOfChangeKinds() {
    ChurnGenerator first = new ChurnGenerator(client, 1, 99);
    ChurnGenerator second = new ChurnGenerator(client, 1, 99);
    ChurnGenerator other = new ChurnGenerator(client, 1, 100);
    try {
      List<ChurnChange> a = plan(first, 30);
      assertThat(plan(second, 30)).isEqualTo(a);
      assertThat(plan(other, 30)).isNotEqualTo(a);
      assertThat(a.subList(0, ChurnChange.values().length))
          .containsExactlyInAnyOrder(ChurnChange.values());
    } finally {
      first.stop();
      second.stop();
      other.stop();
    }
  }

  @Test
  void rejectsANonPositiveRate() {
    assertThatThrownBy(() -> new ChurnGenerator(client, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void bumpsThePatchVersionOfAnImageTag() {
    assertThat(WorkloadChanges.nextImage("registry.example.com/shop/web:1.4.9"))
        .isEqualTo("registry.example.com/shop/web:1.4.10");
    assertThat(WorkloadChanges.nextImage("prom/prometheus:v3.1.0"))
        .isEqualTo("prom/prometheus:v3.1.1");
    assertThat(WorkloadChanges.nextImage("busybox")).isEqualTo("busybox:1.0.1");
  }

  private static List<ChurnChange> plan(ChurnGenerator churn, int n) {
    List<ChurnChange> changes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      changes.add(churn.nextChange());
    }
    return changes;
  }

  private <T extends HasMetadata> ResourceEventHandler<T> counting(String kind) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        count(kind + " ADDED");
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        count(kind + " MODIFIED");
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        count(kind + " DELETED");
      }
    };
  }

  private void count(String key) {
    seen.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }
}
