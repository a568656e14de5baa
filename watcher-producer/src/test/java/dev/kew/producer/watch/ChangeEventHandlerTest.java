package dev.kew.producer.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventOrigin;
import dev.kew.model.EventType;
import dev.kew.producer.diff.ChangeTracker;
import dev.kew.producer.diff.InMemoryLastPublished;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.publish.ContentStripes;
import dev.kew.producer.publish.Handoff;
import dev.kew.producer.publish.Outbox;
import dev.kew.producer.reconcile.ListingComparison;
import dev.kew.producer.redact.RedactionRules;
import dev.kew.producer.redact.Redactor;
import dev.kew.testing.EnvelopeSchema;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChangeEventHandlerTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final List<ChangeEvent> sent = new ArrayList<>();
  private final ChangeEventHandler handler = new ChangeEventHandler("test-cluster", sent::add);

  @Test
  void addedObjectBecomesAnEnvelopeWithoutManagedFields() {
    GenericKubernetesResource cached = configMap("7");

    handler.onAdd(cached);

    assertThat(sent)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.type()).isEqualTo(EventType.ADDED);
              assertThat(event.cluster()).isEqualTo("test-cluster");
              assertThat(event.uid()).isEqualTo("uid-1");
              assertThat(event.id()).isEqualTo("uid-1/7/ADDED");
              assertThat(event.kind()).isEqualTo("ConfigMap");
              assertThat(event.namespace()).isEqualTo("team-a");
              assertThat(event.object().path("metadata").has("managedFields")).isFalse();
              assertThat(event.object().path("data").path("color").asText()).isEqualTo("blue");
              EnvelopeSchema.assertValid(EventCodec.toBytes(event));
            });
    assertThat(cached.getMetadata().getManagedFields())
        .as("the informer's cached object is left untouched")
        .hasSize(1);
  }

  @Test
  void updateWithANewResourceVersionIsPublishedAsModifiedWithItsPatch() {
    handler.onAdd(configMap("7"));
    handler.onUpdate(configMap("7"), configMap("8", "green"));

    assertThat(sent)
        .extracting(ChangeEvent::id)
        .containsExactly("uid-1/7/ADDED", "uid-1/8/MODIFIED");
    assertThat(sent.get(0).patch()).isNull();
    assertThat(sent.get(1).patch().toString())
        .contains(
            "{\"op\":\"replace\",\"fromValue\":\"blue\",\"path\":\"/data/color\",\"value\":\"green\"}");
    assertThat(handler.resyncsSkipped()).isZero();
    EnvelopeSchema.assertValid(EventCodec.toBytes(sent.get(1)));
  }

  @Test
  void updateThatOnlyMovesTheResourceVersionIsCountedNotPublished() {
    handler.onAdd(configMap("7"));
    handler.onUpdate(configMap("7"), configMap("8"));

    assertThat(sent).extracting(ChangeEvent::type).containsExactly(EventType.ADDED);
    assertThat(handler.ignoredUpdates()).isEqualTo(1);
  }

  @Test
  void firstUpdateSeenWithoutAPublishedVersionCarriesTheWholeObjectAndNoPatch() {
    // The informer's old object is its slim cached form: no base for an exact patch.
    handler.onUpdate(configMap("7"), configMap("8", "green"));

    assertThat(sent)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.patch()).isNull();
              assertThat(e.object().path("data").path("color").asText()).isEqualTo("green");
            });
  }

  @Test
  void secretValuesAreRedactedBeforeAnythingElseSeesThem() {
    GenericKubernetesResource secret =
        serialization.unmarshal(
            """
            {"apiVersion": "v1", "kind": "Secret",
             "metadata": {"name": "db", "namespace": "team-a", "uid": "uid-2", "resourceVersion": "3"},
             "data": {"password": "aHVudGVyMg=="}}
            """,
            GenericKubernetesResource.class);

    handler.onAdd(secret);

    assertThat(EventCodec.toJson(sent.get(0))).doesNotContain("aHVudGVyMg==");
    assertThat(sent.get(0).object().path("data").path("password").asText())
        .startsWith("<redacted sha256:");
  }

  @Test
  void publishedObjectIsTheJsonTheApiServerSentWithoutManagedFields() throws Exception {
    String json =
        """
        {"apiVersion": "example.com/v1", "kind": "Widget",
         "metadata": {"name": "w", "namespace": "team-a", "uid": "uid-3", "resourceVersion": "12",
                      "generation": 4, "creationTimestamp": "2026-01-02T03:04:05Z",
                      "deletionTimestamp": "2026-01-02T03:05:05Z", "deletionGracePeriodSeconds": 30,
                      "finalizers": ["example.com/keep"], "labels": {"app": "w"},
                      "annotations": {"note": "ünïcödé ✓", "empty": ""},
                      "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                        "name": "rs", "uid": "uid-0", "controller": true,
                        "blockOwnerDeletion": false}],
                      "managedFields": [{"manager": "kubectl", "operation": "Update",
                        "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}}}]},
         "spec": {"replicas": 3, "ratio": 0.25, "big": 12345678901234567, "on": true,
                  "nothing": null, "emptyMap": {}, "emptyList": [],
                  "nested": [[1, "two", {"three": [3.5]}]], "cpu": "250m"},
         "status": {"conditions": [{"type": "Ready", "status": "True"}]}}
        """;
    handler.onAdd(serialization.unmarshal(json, GenericKubernetesResource.class));

    ObjectNode expected = (ObjectNode) EventCodec.mapper().readTree(json);
    ((ObjectNode) expected.get("metadata")).remove("managedFields");
    assertThat(sent).singleElement().extracting(ChangeEvent::object).isEqualTo(expected);
  }

  @Test
  void resyncWithTheSameResourceVersionPublishesNothingAndIsCounted() {
    handler.onUpdate(configMap("7"), configMap("7"));
    handler.onUpdate(configMap("7"), configMap("7"));

    assertThat(sent).isEmpty();
    assertThat(handler.resyncsSkipped()).isEqualTo(2);
  }

  @Test
  void deletionWithUnknownFinalStateIsPublishedWithTheLastKnownObject() {
    handler.onDelete(configMap("9"), true);

    assertThat(sent)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.type()).isEqualTo(EventType.DELETED);
              assertThat(event.resourceVersion()).isEqualTo("9");
              assertThat(event.object().path("data").path("color").asText()).isEqualTo("blue");
            });
  }

  @Test
  void deletionFoundByRelistCarriesTheLastPublishedObjectNotTheSlimCachedOne() {
    handler.onAdd(configMap("8", "green"));
    GenericKubernetesResource slim = configMap("8", "ignored");
    slim.getAdditionalProperties().remove("data"); // the informer's slim cache keeps identity only
    sent.clear();

    handler.onDelete(slim, true);

    assertThat(sent)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.type()).isEqualTo(EventType.DELETED);
              assertThat(event.origin()).isEqualTo(EventOrigin.RESYNC);
              assertThat(event.object().path("data").path("color").asText()).isEqualTo("green");
            });
  }

  @Test
  void changesWatchedAfterTheSweepFoundTheObjectGoneDoNotPublishItBackToLife() {
    ChangeTracker tracker = new ChangeTracker(new InMemoryLastPublished(), List.of());
    ListingComparison listings =
        new ListingComparison("test-cluster", tracker, ProducerMetrics.unregistered());
    Handoff handoff = new Handoff(Outbox.unbounded(sent::add));
    ChangeEventHandler watching =
        new ChangeEventHandler(
            "test-cluster",
            new ObjectSanitizer(new Redactor(RedactionRules.DEFAULTS)),
            tracker,
            listings,
            handoff,
            ContentStripes.direct(),
            ProducerMetrics.unregistered());
    watching.onAdd(configMap("7"));
    // The informer listed the object at 7; the sweep's fresh list, later, no longer has it.
    listings.sweep(listings.knownUids(), Set.of(), handoff);
    // The watch then catches up: the object's last change, then its deletion.
    watching.onUpdate(configMap("7"), configMap("8", "terminating"));
    watching.onDelete(configMap("9", "terminating"), false);

    assertThat(sent)
        .extracting(e -> e.type() + " " + e.resourceVersion() + " " + e.origin())
        .containsExactly("ADDED 7 WATCH", "DELETED 7 RESYNC");
  }

  @Test
  void objectWithoutUidIsSkippedInsteadOfBreakingTheInformer() {
    GenericKubernetesResource noUid = configMap("3");
    noUid.getMetadata().setUid(null);

    handler.onAdd(noUid);

    assertThat(sent).isEmpty();
  }

  @Test
  void eventsNameTheFieldManagersThatMadeTheChange() {
    handler.onAdd(configMap("7"));
    handler.onUpdate(configMap("7"), editedBy("kubectl-edit", "8", "green"));
    handler.onDelete(editedBy("kubectl-edit", "8", "green"), false);

    assertThat(sent)
        .extracting(e -> e.type() + " " + e.changedBy())
        .containsExactly("ADDED [kubectl]", "MODIFIED [kubectl-edit]", "DELETED []");
    String json = EventCodec.toJson(sent.get(1));
    assertThat(json)
        .contains("\"schemaVersion\":4")
        .contains(
            "\"changedBy\":[{\"manager\":\"kubectl-edit\",\"operation\":\"Update\","
                + "\"time\":\"2026-12-02T10:05:00Z\"}]");
    assertThat(EventCodec.toJson(sent.get(2))).doesNotContain("changedBy");
    EnvelopeSchema.assertValid(EventCodec.toBytes(sent.get(1)));
  }

  @Test
  void aChangeFoundByAListingNamesNobodyForWantOfAPreviousVersion() {
    handler.onAdd(configMap("7"));
    handler.onAdd(editedBy("kubectl-edit", "8", "green"));

    assertThat(sent)
        .extracting(e -> e.type() + " " + e.origin() + " " + e.changedBy())
        .containsExactly("ADDED WATCH [kubectl]", "MODIFIED RESYNC []");
  }

  @Test
  void onStripesEachObjectsChangesArePublishedInOrderWithPatchesFromTheOneBefore() {
    List<ChangeEvent> published = Collections.synchronizedList(new ArrayList<>());
    ContentStripes stripes = ContentStripes.start(3);
    ChangeEventHandler striped =
        new ChangeEventHandler(
            "test-cluster",
            new Redactor(RedactionRules.DEFAULTS),
            new ChangeTracker(new InMemoryLastPublished(), List.of()),
            Outbox.unbounded(published::add),
            stripes,
            ProducerMetrics.unregistered());
    int objects = 20;
    int versions = 30;
    for (int o = 0; o < objects; o++) {
      striped.onAdd(colored(o, 1));
    }
    for (int v = 2; v <= versions; v++) {
      for (int o = 0; o < objects; o++) {
        striped.onUpdate(colored(o, v - 1), colored(o, v));
      }
    }
    stripes.close(Duration.ofSeconds(30));

    assertThat(published).hasSize(objects * versions);
    for (int o = 0; o < objects; o++) {
      String uid = "uid-" + o;
      List<ChangeEvent> ofObject = published.stream().filter(e -> e.uid().equals(uid)).toList();
      assertThat(ofObject)
          .extracting(ChangeEvent::resourceVersion)
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, versions).mapToObj("%d"::formatted).toList());
      for (int v = 2; v <= versions; v++) {
        assertThat(ofObject.get(v - 1).patch().toString())
            .as("%s version %d is patched from version %d", uid, v, v - 1)
            .contains("\"fromValue\":\"color-" + (v - 1) + "\"");
      }
    }
  }

  private GenericKubernetesResource colored(int object, int version) {
    String json =
        """
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "settings-%d", "namespace": "team-a", "uid": "uid-%d",
                      "resourceVersion": "%d"},
         "data": {"color": "color-%d"}}
        """
            .formatted(object, object, version, version);
    return serialization.unmarshal(json, GenericKubernetesResource.class);
  }

  private GenericKubernetesResource configMap(String resourceVersion) {
    return configMap(resourceVersion, "blue");
  }

  private GenericKubernetesResource configMap(String resourceVersion, String color) {
    String json =
        """
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "settings", "namespace": "team-a", "uid": "uid-1",
                      "resourceVersion": "%s",
                      "managedFields": [{"manager": "kubectl", "operation": "Update"}]},
         "data": {"color": "%s"}}
        """
            .formatted(resourceVersion, color);
    return serialization.unmarshal(json, GenericKubernetesResource.class);
  }

  /** The config map after a write by {@code manager}, as kube-apiserver records it. */
  private GenericKubernetesResource editedBy(String manager, String resourceVersion, String color) {
    GenericKubernetesResource edited = configMap(resourceVersion, color);
    edited
        .getMetadata()
        .getManagedFields()
        .add(
            new ManagedFieldsEntryBuilder()
                .withManager(manager)
                .withOperation("Update")
                .withTime("2026-12-02T10:05:00Z")
                .withFieldsType("FieldsV1")
                .build());
    return edited;
  }
}
