package dev.kew.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.testing.EnvelopeSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ChangeEventTest {

  private static final Instant OBSERVED = Instant.parse("2026-11-24T14:03:07.123Z");

  static ObjectNode deployment(String namespace) {
    ObjectNode object = EventCodec.mapper().createObjectNode();
    object.put("apiVersion", "apps/v1").put("kind", "Deployment");
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", "web").put("uid", "3f1c2a9e-0000-4000-8000-000000000001");
    metadata.put("resourceVersion", "48213");
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    object.putObject("spec").put("replicas", 3);
    return object;
  }

  @Test
  void envelopeTakesItsIdentityFromTheObject() {
    ChangeEvent event = ChangeEvent.of(EventType.MODIFIED, "prod", OBSERVED, deployment("default"));

    assertThat(event.schemaVersion()).isEqualTo(ChangeEvent.SCHEMA_VERSION);
    assertThat(event.id()).isEqualTo("3f1c2a9e-0000-4000-8000-000000000001/48213/MODIFIED");
    assertThat(event.apiVersion()).isEqualTo("apps/v1");
    assertThat(event.kind()).isEqualTo("Deployment");
    assertThat(event.namespace()).isEqualTo("default");
    assertThat(event.qualifiedName()).isEqualTo("default/web");
    assertThat(event.resourceVersion()).isEqualTo("48213");
  }

  @Test
  void sameChangeObservedTwiceHasTheSameIdButADifferentTypeDoesNot() {
    ChangeEvent first = ChangeEvent.of(EventType.MODIFIED, "prod", OBSERVED, deployment("a"));
    ChangeEvent again =
        ChangeEvent.of(EventType.MODIFIED, "prod", OBSERVED.plusSeconds(60), deployment("a"));
    ChangeEvent deleted = ChangeEvent.of(EventType.DELETED, "prod", OBSERVED, deployment("a"));

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(deleted.id()).isNotEqualTo(first.id());
  }

  @Test
  void roundTripsThroughJsonAndTheKafkaSerde() {
    ChangeEvent event = ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, deployment("default"));

    byte[] bytes = new ChangeEventSerializer().serialize("kube-events", event);

    assertThat(new ChangeEventDeserializer().deserialize("kube-events", bytes)).isEqualTo(event);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .startsWith("{\"schemaVersion\":4,\"id\":")
        .contains("\"observedAt\":\"2026-11-24T14:03:07.123Z\"");
  }

  @Test
  void clusterScopedObjectsHaveNoNamespaceField() {
    ChangeEvent event = ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, deployment(null));

    assertThat(event.namespace()).isNull();
    assertThat(event.qualifiedName()).isEqualTo("web");
    assertThat(EventCodec.toJson(event)).doesNotContain("\"namespace\"");
  }

  @Test
  void producedEnvelopesFollowTheShippedJsonSchema() {
    EnvelopeSchema.assertValid(
        EventCodec.toBytes(
            ChangeEvent.of(EventType.MODIFIED, "prod", OBSERVED, deployment("default"))));
    EnvelopeSchema.assertValid(
        EventCodec.toBytes(ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, deployment(null))));
  }

  @Test
  void schemaRejectsEnvelopesThatBreakTheContract() {
    String withoutUid =
        EventCodec.toJson(ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, deployment("a")))
            .replace("\"uid\":\"3f1c2a9e-0000-4000-8000-000000000001\",", "");
    String withManagedFields =
        EventCodec.toJson(ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, deployment("a")))
            .replace("\"metadata\":{", "\"metadata\":{\"managedFields\":[],");

    assertThat(EnvelopeSchema.violations(withoutUid.getBytes(StandardCharsets.UTF_8)))
        .anySatisfy(v -> assertThat(v).contains("uid"));
    assertThat(EnvelopeSchema.violations(withManagedFields.getBytes(StandardCharsets.UTF_8)))
        .isNotEmpty();
  }

  @Test
  void readersIgnoreFieldsAddedByLaterVersions() {
    String future =
        EventCodec.toJson(ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, deployment("a")))
            .replace(
                "\"schemaVersion\":" + ChangeEvent.SCHEMA_VERSION + ",",
                "\"schemaVersion\":7,\"patch\":[],\"origin\":\"replay\",\"future\":1,");

    ChangeEvent read = EventCodec.fromBytes(future.getBytes(StandardCharsets.UTF_8));

    assertThat(read.schemaVersion()).isEqualTo(7);
    assertThat(read.name()).isEqualTo("web");
    assertThat(read.origin()).as("an origin this reader does not know").isNull();
  }

  @Test
  void originIsWrittenInLowerCaseAndOmittedWhenUnknown() {
    ChangeEvent plain = ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, deployment("a"));
    ChangeEvent resync = plain.withOrigin(EventOrigin.RESYNC);

    assertThat(EventCodec.toJson(plain)).doesNotContain("origin");
    assertThat(EventCodec.toJson(resync)).contains("\"origin\":\"resync\"");
    assertThat(EventCodec.fromBytes(EventCodec.toBytes(resync))).isEqualTo(resync);
    EnvelopeSchema.assertValid(EventCodec.toBytes(resync));
    EnvelopeSchema.assertValid(EventCodec.toBytes(plain.withOrigin(EventOrigin.WATCH)));
  }

  @Test
  void versionOneEnvelopesAreStillRead() {
    String v1 =
        """
        {"schemaVersion":1,"id":"u-1/48213/MODIFIED","type":"MODIFIED","cluster":"prod",
         "observedAt":"2026-11-24T14:03:07.123Z","apiVersion":"apps/v1","kind":"Deployment",
         "namespace":"default","name":"web","uid":"u-1","resourceVersion":"48213",
         "object":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}}
        """;
    byte[] bytes = v1.getBytes(StandardCharsets.UTF_8);

    ChangeEvent read = EventCodec.fromBytes(bytes);

    EnvelopeSchema.assertValid(bytes);
    assertThat(read.schemaVersion()).isEqualTo(1);
    assertThat(read.patch()).isNull();
    assertThat(read.truncated()).isFalse();
    assertThat(read.qualifiedName()).isEqualTo("default/web");
  }

  @Test
  void modifiedEventCarriesItsPatchAndTruncatedOnlyWhenTrue() {
    JsonNode patch =
        EventCodec.mapper()
            .createArrayNode()
            .add(
                EventCodec.mapper()
                    .createObjectNode()
                    .put("op", "replace")
                    .put("path", "/spec/replicas")
                    .put("value", 5)
                    .put("fromValue", 3));
    ChangeEvent event =
        ChangeEvent.of(EventType.MODIFIED, "prod", OBSERVED, deployment("a")).withPatch(patch);

    String json = EventCodec.toJson(event);

    assertThat(json)
        .contains(",\"patch\":[{\"op\":\"replace\",\"path\":\"/spec/replicas\"")
        .doesNotContain("truncated");
    assertThat(EventCodec.fromBytes(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
    EnvelopeSchema.assertValid(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void envelopeWrittenFromTheObjectsEncodedJsonIsByteForByteTheSame() {
    ObjectNode object = deployment("a");
    object.putObject("spec").put("note", "ünïcödé ✓ \"quoted\"\n").put("replicas", 3);
    ChangeEvent event =
        ChangeEvent.of(EventType.MODIFIED, "prod", OBSERVED, object)
            .withPatch(EventCodec.mapper().createArrayNode())
            .withOrigin(EventOrigin.WATCH);

    byte[] bytes = EventCodec.toBytes(event, EventCodec.objectJson(event.object()));

    assertThat(bytes).isEqualTo(EventCodec.toBytes(event));
    assertThat(EventCodec.fromBytes(bytes)).isEqualTo(event);
  }

  @Test
  void truncatedEventKeepsItsIdentityAndASummaryOfTheObject() {
    ObjectNode summary = EventCodec.mapper().createObjectNode();
    summary.put("apiVersion", "apps/v1").put("kind", "Deployment");
    summary.putObject("metadata").put("name", "web");
    summary.put("sizeBytes", 2_097_152).put("sha256", "ab".repeat(32));
    ChangeEvent event =
        ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, deployment("a"))
            .withObjectSummary(summary);

    byte[] bytes = EventCodec.toBytes(event);

    EnvelopeSchema.assertValid(bytes);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"truncated\":true");
    assertThat(EventCodec.fromBytes(bytes)).isEqualTo(event);
    assertThat(event.id()).isEqualTo("3f1c2a9e-0000-4000-8000-000000000001/48213/ADDED");
  }

  @Test
  void schemaRejectsAPatchOutsideModifiedAndATruncatedObjectWithoutSizeAndHash() {
    String addedWithPatch =
        EventCodec.toJson(ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, deployment("a")))
            .replace("\"object\":", "\"patch\":[],\"object\":");
    String truncatedWithoutSize =
        EventCodec.toJson(ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, deployment("a")))
            .replace("\"object\":", "\"truncated\":true,\"object\":");

    assertThat(EnvelopeSchema.violations(addedWithPatch.getBytes(StandardCharsets.UTF_8)))
        .isNotEmpty();
    assertThat(EnvelopeSchema.violations(truncatedWithoutSize.getBytes(StandardCharsets.UTF_8)))
        .isNotEmpty();
    String patchNotAnArray =
        EventCodec.toJson(ChangeEvent.of(EventType.MODIFIED, "prod", OBSERVED, deployment("a")))
            .replace("\"object\":", "\"patch\":{},\"object\":");
    assertThatThrownBy(() -> EventCodec.fromBytes(patchNotAnArray.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("patch must be a JSON array");
  }

  @Test
  void malformedRecordsFailWithTheReason() {
    assertThatThrownBy(() -> EventCodec.fromBytes("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("not an event envelope");
    assertThatThrownBy(() -> EventCodec.fromBytes(new byte[0]))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("empty record value");
    String withoutUid =
        EventCodec.toJson(ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, deployment("a")))
            .replace("\"uid\":\"3f1c2a9e-0000-4000-8000-000000000001\",", "");
    assertThatThrownBy(() -> EventCodec.fromBytes(withoutUid.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("uid is required");
    assertThatThrownBy(
            () ->
                new ChangeEventDeserializer()
                    .deserialize("kube-events", "[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("kube-events");
  }

  @Test
  void objectWithoutIdentityCannotBecomeAnEnvelope() {
    ObjectNode object = deployment("a");
    ((ObjectNode) object.get("metadata")).remove("uid");

    assertThatThrownBy(() -> ChangeEvent.of(EventType.ADDED, "prod", OBSERVED, object))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uid is required");
  }

  @Test
  void changedByNamesTheManagersOfTheChangeAndIsOmittedWhenUnknown() {
    ChangeEvent plain = ChangeEvent.of(EventType.MODIFIED, "prod", OBSERVED, deployment("a"));
    ChangeEvent edited =
        plain.withChangedBy(
            List.of(
                new FieldManager("kubectl-edit", "Update", null, OBSERVED.minusSeconds(1)),
                new FieldManager("kubelet", "Update", "status", null)));

    byte[] bytes = EventCodec.toBytes(edited);

    EnvelopeSchema.assertValid(bytes);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .contains(
            "\"changedBy\":[{\"manager\":\"kubectl-edit\",\"operation\":\"Update\","
                + "\"time\":\"2026-11-24T14:03:06.123Z\"},"
                + "{\"manager\":\"kubelet\",\"operation\":\"Update\",\"subresource\":\"status\"}]");
    assertThat(EventCodec.fromBytes(bytes)).isEqualTo(edited);
    assertThat(edited.changedBy())
        .extracting(FieldManager::toString)
        .containsExactly("kubectl-edit", "kubelet (status)");
    assertThat(EventCodec.toJson(plain)).doesNotContain("changedBy");
    assertThat(EventCodec.fromBytes(EventCodec.toBytes(plain)).changedBy()).isEmpty();
  }

  @Test
  void changedByWithoutAManagerIsAMalformedEnvelope() {
    String json =
        EventCodec.toJson(ChangeEvent.of(EventType.MODIFIED, "prod", OBSERVED, deployment("a")))
            .replace("\"object\":", "\"changedBy\":[{\"operation\":\"Update\"}],\"object\":");

    assertThatThrownBy(() -> EventCodec.fromBytes(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("changedBy.manager is required");
    assertThat(EnvelopeSchema.violations(json.getBytes(StandardCharsets.UTF_8))).isNotEmpty();
  }
}
