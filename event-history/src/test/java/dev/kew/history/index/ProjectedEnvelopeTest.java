package dev.kew.history.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kew.model.EventCodec;
import dev.kew.model.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The index's decoding keeps of each envelope what the index takes (labels, changed paths, a
 * summary naming array elements, who changed it) exactly as a whole decoding gives it, and refuses
 * the same records.
 */
class ProjectedEnvelopeTest {

  private static final String HEAD =
      "\"schemaVersion\":4,\"id\":\"u1/7/MODIFIED\",\"type\":\"MODIFIED\",\"cluster\":\"prod\","
          + "\"observedAt\":\"2026-11-25T10:00:00.123Z\",\"apiVersion\":\"apps/v1\","
          + "\"kind\":\"Deployment\",\"namespace\":\"shop\",\"name\":\"web\",\"uid\":\"u1\","
          + "\"resourceVersion\":\"7\",\"origin\":\"watch\","
          + "\"changedBy\":[{\"manager\":\"kubectl-edit\",\"operation\":\"Update\","
          + "\"time\":\"2026-11-25T10:00:00Z\"}]";

  private static final String OBJECT =
      "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
          + "\"namespace\":\"shop\",\"uid\":\"u1\",\"resourceVersion\":\"7\","
          + "\"labels\":{\"app\":\"web\",\"tier\":\"front\"},\"annotations\":{\"a\":\"b\"}},"
          + "\"spec\":{\"replicas\":5,\"template\":{\"spec\":{\"containers\":["
          + "{\"name\":\"side\",\"image\":\"envoy:1\",\"env\":[{\"name\":\"X\",\"value\":\"1\"}]},"
          + "{\"name\":\"web\",\"image\":\"web:1.5\",\"ports\":[{\"containerPort\":80}]}]}}},"
          + "\"status\":{\"conditions\":[{\"type\":\"Available\",\"status\":\"True\"}]}}";

  private static final String PATCH =
      "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/1/image\","
          + "\"value\":\"web:1.5\",\"fromValue\":\"web:1.4\"},"
          + "{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5,\"fromValue\":2},"
          + "{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/0/env/0\","
          + "\"value\":{\"name\":\"X\",\"value\":\"1\"}},"
          + "{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"7\"}]";

  @Test
  void whatTheIndexTakesIsTheSameAsFromTheWholeEnvelope() {
    for (String json :
        List.of(
            "{" + HEAD + ",\"patch\":" + PATCH + ",\"object\":" + OBJECT + "}",
            // object before patch, as another writer may order it: read whole
            "{" + HEAD + ",\"object\":" + OBJECT + ",\"patch\":" + PATCH + "}",
            // pointers that are not paths of the object, or not pointers
            "{"
                + HEAD
                + ",\"patch\":[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/01/image\","
                + "\"value\":\"a\"},{\"op\":\"add\",\"path\":\"/spec/x/99999999999/y\",\"value\":1},"
                + "{\"op\":\"replace\",\"path\":\"nope\",\"value\":1},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/labels/tier\"}],\"object\":"
                + OBJECT
                + "}",
            "{" + HEAD + ",\"object\":" + OBJECT + "}")) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      IndexableEvent whole = IndexableEvent.of(EventCodec.fromBytes(bytes), 3, 42);
      IndexableEvent projected = IndexableEvent.of(ProjectedEnvelope.read(bytes), 3, 42);
      assertThat(projected).as(json).isEqualTo(whole);
    }
  }

  @Test
  void theSummaryNamesArrayElementsFromTheObjectAndTheLabelsAreKept() {
    byte[] bytes =
        ("{" + HEAD + ",\"patch\":" + PATCH + ",\"object\":" + OBJECT + "}")
            .getBytes(StandardCharsets.UTF_8);
    IndexableEvent projected = IndexableEvent.of(ProjectedEnvelope.read(bytes), 0, 0);
    assertThat(projected.event().summary())
        .startsWith("spec.template.spec.containers[web].image web:1.4->web:1.5");
    assertThat(projected.labels()).containsEntry("app", "web").containsEntry("tier", "front");
    assertThat(ProjectedEnvelope.read(bytes).object().path("status").isMissingNode()).isTrue();
  }

  @Test
  void recordsThatAreNotEnvelopesAreRefusedAsByTheWholeDecoding() {
    for (String bad :
        List.of(
            "not json",
            "[1,2]",
            "\"x\"",
            "{\"schemaVersion\":4,\"id\":\"x\"}",
            "{" + HEAD + ",\"patch\":{\"op\":\"x\"},\"object\":" + OBJECT + "}",
            "{" + HEAD + ",\"patch\":" + PATCH + ",\"object\":{\"metadata\":")) {
      byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> EventCodec.fromBytes(bytes))
          .as(bad)
          .isInstanceOf(MalformedEventException.class);
      assertThatThrownBy(() -> ProjectedEnvelope.read(bytes))
          .as(bad)
          .isInstanceOf(MalformedEventException.class);
    }
    assertThatThrownBy(() -> ProjectedEnvelope.read(new byte[0]))
        .isInstanceOf(MalformedEventException.class);
  }
}
