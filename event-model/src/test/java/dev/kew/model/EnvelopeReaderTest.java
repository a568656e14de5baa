package dev.kew.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.testing.EnvelopeSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvelopeReaderTest {

  private static final String UID = "3f1c2a9e-0000-4000-8000-000000000001";

  private static ObjectNode envelope() {
    ChangeEvent event =
        ChangeEvent.of(
            EventType.MODIFIED,
            "prod",
            Instant.parse("2026-11-24T14:03:07Z"),
            ChangeEventTest.deployment("default"));
    return (ObjectNode) EventCodec.mapper().valueToTree(event);
  }

  private static byte[] bytes(ObjectNode envelope) {
    return envelope.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aProducedEnvelopeKeyedByItsUidIsRead() {
    ChangeEvent event = EnvelopeReader.read(UID, bytes(envelope()));

    assertThat(event.qualifiedName()).isEqualTo("default/web");
    assertThat(EnvelopeReader.isNewerThanReader(event)).isFalse();
  }

  static Stream<Arguments> brokenIdentities() {
    return Stream.<Arguments>of(
        broken(
            "uid is not a Kubernetes uid",
            e -> e.put("uid", "a b").put("id", "a b/48213/MODIFIED")),
        broken(
            "id is not uid/resourceVersion/type",
            e -> e.put("id", UID + "/48213/MODIFIED\r\nX: 1")),
        broken("resourceVersion is not", e -> e.put("resourceVersion", "4.8")),
        broken("kind is not", e -> e.put("kind", "Deploy ment")),
        broken("namespace is not", e -> e.put("namespace", "default\n2026 ADDED forged")),
        broken("namespace is not", e -> e.put("namespace", "x".repeat(64))),
        broken("name is not", e -> e.put("name", "web\u001b[2J")),
        broken("name is not", e -> e.put("name", "n".repeat(20_000))),
        broken("name is not", e -> e.put("name", "..")),
        broken("name is not", e -> e.put("name", "a/b")),
        broken("apiVersion is not", e -> e.put("apiVersion", "Apps/v1")),
        broken("cluster is longer", e -> e.put("cluster", "c".repeat(254))));
  }

  private static Arguments broken(String problem, Consumer<ObjectNode> change) {
    ObjectNode envelope = envelope();
    change.accept(envelope);
    return Arguments.of(problem, envelope);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenIdentities")
  void anEnvelopeWhoseIdentityBreaksKubernetesRulesIsRefusedAndTheSchemaAgrees(
      String problem, ObjectNode envelope) {
    String key = envelope.path("uid").asText();

    assertThatThrownBy(() -> EnvelopeReader.read(key, bytes(envelope)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining(problem);
    assertThat(EnvelopeSchema.violations(bytes(envelope))).isNotEmpty();
  }

  @Test
  void anIdThatIsNotUidResourceVersionTypeIsRefusedThoughEachPartIsWellFormed() {
    ObjectNode envelope = envelope().put("id", UID + "/1/MODIFIED");

    assertThatThrownBy(() -> EnvelopeReader.read(UID, bytes(envelope)))
        .hasMessageContaining("id is not uid/resourceVersion/type");
  }

  @Test
  void aKeyThatIsNotTheUidATombstoneAndAnEmptyValueAreRefused() {
    byte[] value = bytes(envelope());

    assertThatThrownBy(() -> EnvelopeReader.read("someone-else", value))
        .hasMessageContaining("the record key is not the object's uid");
    assertThatThrownBy(() -> EnvelopeReader.read(null, value))
        .hasMessageContaining("the record has no key");
    assertThatThrownBy(() -> EnvelopeReader.read(UID, null)).hasMessageContaining("tombstone");
    assertThatThrownBy(() -> EnvelopeReader.read(UID, new byte[0]))
        .hasMessageContaining("empty record value");
  }

  @Test
  void nestingDeeperThanTheLimitIsRefusedBeforeItIsBuilt() {
    String deep = "[".repeat(3000) + "]".repeat(3000);
    byte[] value =
        envelope().toString().replace("\"spec\":{", "\"deep\":" + deep + ",\"spec\":{").getBytes();

    assertThatThrownBy(() -> EnvelopeReader.read(UID, value))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("Document nesting depth")
        .hasMessageContaining(String.valueOf(EventCodec.MAX_DEPTH));
  }

  @Test
  void aNewerSchemaVersionIsReadWithItsUnknownFieldsIgnored() {
    ObjectNode envelope = envelope().put("schemaVersion", 99);
    envelope.putObject("approvedBy").put("team", "platform"); // a field of a future version

    ChangeEvent event = EnvelopeReader.read(UID, bytes(envelope));

    assertThat(event.schemaVersion()).isEqualTo(99);
    assertThat(EnvelopeReader.isNewerThanReader(event)).isTrue();
  }
}
