package dev.kew.producer.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.kew.model.FieldManager;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * managedFields as kube-apiserver writes them (second-precision RFC 3339 times, {@code fieldsType:
 * FieldsV1}, {@code Apply} for server-side apply, {@code subresource: status} for status writes),
 * and the managers each change names.
 */
class ChangedByTest {

  private static final String REPLICAS = "\"f:spec\":{\"f:replicas\":{}}";

  private static final String CREATED =
      entry("kubectl-client-side-apply", "Update", null, "2026-12-02T10:00:00Z", REPLICAS);
  private static final String CONTROLLER_STATUS =
      entry(
          "kube-controller-manager",
          "Update",
          "status",
          "2026-12-02T10:00:01Z",
          "\"f:status\":{\"f:replicas\":{}}");

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void anAddedObjectNamesEveryManagerItHas() {
    List<FieldManager> managers = ChangedBy.added(deployment("1", CREATED, CONTROLLER_STATUS));

    assertThat(managers)
        .containsExactly(
            new FieldManager(
                "kubectl-client-side-apply", "Update", null, Instant.parse("2026-12-02T10:00:00Z")),
            new FieldManager(
                "kube-controller-manager",
                "Update",
                "status",
                Instant.parse("2026-12-02T10:00:01Z")));
    assertThat(managers)
        .extracting(FieldManager::toString)
        .contains("kube-controller-manager (status)");
  }

  @Test
  void anUpdateNamesOnlyTheManagerWhoseEntryMoved() {
    var before = deployment("1", CREATED, CONTROLLER_STATUS);
    var edited =
        deployment(
            "2",
            CREATED,
            CONTROLLER_STATUS,
            entry(
                "kubectl-edit",
                "Update",
                null,
                "2026-12-02T10:05:00Z",
                "\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"web\\\"}\":{\"f:image\":{}}}}}}"));

    assertThat(ChangedBy.between(before, edited))
        .extracting(FieldManager::manager, FieldManager::operation, FieldManager::time)
        .containsExactly(tuple("kubectl-edit", "Update", Instant.parse("2026-12-02T10:05:00Z")));
  }

  @Test
  void aManagerWhoseTimeOrFieldsMovedIsNamedAgain() {
    var before = deployment("1", CREATED, CONTROLLER_STATUS);
    var statusAgain =
        deployment(
            "2",
            CREATED,
            entry(
                "kube-controller-manager",
                "Update",
                "status",
                "2026-12-02T10:07:00Z",
                "\"f:status\":{\"f:replicas\":{}}"));
    var sameSecondMoreFields =
        deployment(
            "3",
            entry(
                "kubectl-client-side-apply",
                "Update",
                null,
                "2026-12-02T10:00:00Z",
                REPLICAS + ",\"f:metadata\":{\"f:labels\":{\"f:tier\":{}}}"),
            CONTROLLER_STATUS);

    assertThat(ChangedBy.between(before, statusAgain))
        .extracting(FieldManager::toString)
        .containsExactly("kube-controller-manager (status)");
    assertThat(ChangedBy.between(before, sameSecondMoreFields))
        .extracting(FieldManager::toString)
        .containsExactly("kubectl-client-side-apply");
  }

  @Test
  void aManagerThatOnlyLostFieldsToAnotherIsNotNamed() {
    String labels = "\"f:metadata\":{\"f:labels\":{\"f:app\":{}}}";
    var before =
        deployment(
            "1", entry("helm", "Update", null, "2026-12-02T10:00:00Z", REPLICAS + "," + labels));
    var scaled =
        deployment(
            "2",
            entry("helm", "Update", null, "2026-12-02T10:00:00Z", labels),
            entry("my-operator", "Update", null, "2026-12-02T10:00:00Z", REPLICAS));

    assertThat(ChangedBy.between(before, scaled))
        .extracting(FieldManager::manager)
        .containsExactly("my-operator");
  }

  @Test
  void serverSideApplyEntriesAreToldApartFromUpdatesOfTheSameManager() {
    var updated =
        deployment("1", entry("my-operator", "Update", null, "2026-12-02T10:00:00Z", REPLICAS));
    var applied =
        deployment(
            "2",
            entry("my-operator", "Update", null, "2026-12-02T10:00:00Z", REPLICAS),
            entry(
                "my-operator",
                "Apply",
                null,
                "2026-12-02T10:01:00Z",
                "\"f:metadata\":{\"f:labels\":{\"f:team\":{}}}"));

    assertThat(ChangedBy.between(updated, applied))
        .containsExactly(
            new FieldManager("my-operator", "Apply", null, Instant.parse("2026-12-02T10:01:00Z")));
  }

  @Test
  void aSecondChangeInTheSameSecondWithTheSameFieldsNamesNobody() {
    // kube-apiserver keeps time to the second: nothing in managedFields tells these apart.
    var first = deployment("1", CREATED);
    var again = deployment("2", CREATED);

    assertThat(ChangedBy.between(first, again)).isEmpty();
  }

  @Test
  void objectsWithoutManagedFieldsNameNobody() {
    assertThat(ChangedBy.added(deployment("1"))).isEmpty();
    assertThat(ChangedBy.between(null, deployment("1"))).isEmpty();
  }

  @Test
  void hostileEntriesAreBoundedAndKeptAsData() {
    List<String> entries = new ArrayList<>();
    entries.add(entry("", "Update", null, "2026-12-02T10:00:00Z", REPLICAS));
    entries.add(
        entry("evil\\u001b[31m\\nmanager" + "x".repeat(500), "Update", "", "not a time", REPLICAS));
    for (int i = 0; i < 40; i++) {
      entries.add(entry("m" + i, "Update", null, "2026-12-02T10:00:00+01:00", REPLICAS));
    }

    List<FieldManager> managers = ChangedBy.added(deployment("1", entries.toArray(String[]::new)));

    assertThat(managers).hasSize(ChangedBy.MAX_MANAGERS);
    FieldManager evil = managers.get(0);
    assertThat(evil.manager())
        .hasSize(ChangedBy.MAX_NAME_CHARS)
        .startsWith("evil\u001b[31m\nmanager");
    assertThat(evil.subresource()).isNull();
    assertThat(evil.time()).isNull();
    assertThat(managers.get(1).manager()).isEqualTo("m0");
    assertThat(managers.get(1).time()).isEqualTo(Instant.parse("2026-12-02T09:00:00Z"));
  }

  private GenericKubernetesResource deployment(String resourceVersion, String... managedFields) {
    return serialization.unmarshal(
        """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"shop","uid":"uid-1","resourceVersion":"%s",
                     "managedFields":[%s]},
         "spec":{"replicas":2}}
        """
            .formatted(resourceVersion, String.join(",", managedFields)),
        GenericKubernetesResource.class);
  }

  /** One entry as kube-apiserver writes it. */
  private static String entry(
      String manager, String operation, String subresource, String time, String fields) {
    return "{\"manager\":\""
        + manager
        + "\",\"operation\":\""
        + operation
        + "\",\"apiVersion\":\"apps/v1\",\"time\":\""
        + time
        + "\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{"
        + fields
        + "}"
        + (subresource == null ? "" : ",\"subresource\":\"" + subresource + "\"")
        + "}";
  }
}
