package dev.kew.producer.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** What the slim informer cache keeps of an object, and what it gives back. */
class SlimItemStoreTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static GenericKubernetesResource pod(String resourceVersion, String time) {
    return SERIALIZATION.unmarshal(
        """
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"web-1","namespace":"shop","uid":"u-1","resourceVersion":"%s",
           "labels":{"app":"web"},
           "managedFields":[{"manager":"kubelet","operation":"Update","subresource":"status",
             "apiVersion":"v1","time":"%s","fieldsType":"FieldsV1",
             "fieldsV1":{"f:status":{"f:phase":{},"f:conditions":{"k:{\\"type\\":\\"Ready\\"}":{".":{}}}}}}]},
         "spec":{"containers":[{"name":"web","image":"web:1"}]},
         "status":{"phase":"Running"}}
        """
            .formatted(resourceVersion, time),
        GenericKubernetesResource.class);
  }

  @Test
  void keepsIdentityVersionAndManagedFieldsButNotTheContent() {
    SlimItemStore store = new SlimItemStore();
    GenericKubernetesResource pod = pod("7", "2026-12-02T10:00:00Z");
    String key = store.getKey(pod);

    assertThat(store.put(key, pod)).isNull();
    GenericKubernetesResource kept = store.get(key);

    assertThat(key).isEqualTo("shop/web-1");
    assertThat(kept.getApiVersion()).isEqualTo("v1");
    assertThat(kept.getKind()).isEqualTo("Pod");
    assertThat(kept.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(kept.getMetadata().getName()).isEqualTo("web-1");
    assertThat(kept.getMetadata().getUid()).isEqualTo("u-1");
    assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(kept.getMetadata().getManagedFields())
        .usingRecursiveComparison()
        .isEqualTo(pod.getMetadata().getManagedFields());
    assertThat(kept.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(kept.getAdditionalProperties()).doesNotContainKeys("spec", "status");
    assertThat(store.isFullState()).isFalse();
  }

  @Test
  void managersAreComparedWithTheKeptVersionAsWithTheWholeObject() {
    SlimItemStore store = new SlimItemStore();
    GenericKubernetesResource before = pod("7", "2026-12-02T10:00:00Z");
    GenericKubernetesResource after = pod("8", "2026-12-02T10:00:05Z");
    String key = store.getKey(before);
    store.put(key, before);

    GenericKubernetesResource old = store.put(key, after);

    assertThat(ChangedBy.between(old, after)).isEqualTo(ChangedBy.between(before, after));
    assertThat(ChangedBy.between(old, after)).hasSize(1);
    assertThat(ChangedBy.between(store.get(key), after)).isEmpty();
  }

  @Test
  void aCopyKeepsWhatWasThereAndGoesItsOwnWay() {
    SlimItemStore store = new SlimItemStore();
    GenericKubernetesResource pod = pod("7", "2026-12-02T10:00:00Z");
    store.put(store.getKey(pod), pod);

    SlimItemStore copy = store.copy();
    copy.remove("shop/web-1");

    assertThat(store.uids()).containsExactly("u-1");
    assertThat(copy.uids()).isEmpty();
    assertThat(copy.get("shop/web-1")).isNull();
    assertThat(store.keySet()).containsExactly("shop/web-1");
    assertThat(store.values()).hasSize(1);
  }
}
