package dev.kew.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.EventCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishedStateTest {

  private static final ObjectNode POD =
      (ObjectNode)
          read(
              """
              {"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": "web-1", "namespace": "shop", "uid": "u-1",
                            "resourceVersion": "42", "annotations": {"note": "ünïcödé ✓"}},
               "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}
              """);

  @Test
  void recordWrittenFromTheEnvelopesObjectJsonReadsBackWithTheObjectsHash() {
    byte[] record = PublishedState.encode("prod", EventCodec.objectJson(POD));

    PublishedState state = PublishedState.fromBytes(record);

    assertThat(state.cluster()).isEqualTo("prod");
    assertThat(state.object()).isEqualTo(POD);
    assertThat(state.sha256()).isEqualTo(PublishedState.sha256(POD));
    assertThat(state.resourceVersion()).isEqualTo("42");
    assertThat(state.toBytes()).isEqualTo(record);
    assertThat(new String(record, StandardCharsets.UTF_8)).startsWith("{\"v\":2,");
  }

  @Test
  void recordsOfFormatOneInSmileWrittenByEarlierVersionsAreStillRead() throws Exception {
    ObjectNode old = PublishedState.SMILE.createObjectNode();
    old.put("v", 1).put("cluster", "prod").put("sha256", PublishedState.sha256(POD));
    old.set("object", POD);

    PublishedState state = PublishedState.fromBytes(PublishedState.SMILE.writeValueAsBytes(old));

    assertThat(state.object()).isEqualTo(POD);
    assertThat(state.kind()).isEqualTo("Pod");
    assertThat(state.namespace()).isEqualTo("shop");
  }

  @Test
  void bytesThatAreNoStateRecordAreRefusedWithTheReason() {
    assertThatThrownBy(() -> PublishedState.fromBytes("{\"v\":2}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cluster, sha256 or object missing");
    assertThatThrownBy(() -> PublishedState.fromBytes(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a state record");
  }

  private static JsonNode read(String json) {
    try {
      return EventCodec.mapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
