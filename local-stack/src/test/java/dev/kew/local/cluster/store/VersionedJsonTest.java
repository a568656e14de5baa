package dev.kew.local.cluster.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An object serialized before its resourceVersion is known reads as if it had been set first. */
class VersionedJsonTest {

  @Test
  void theResourceVersionTakesTheFieldsPlaceAndTheRestIsAsJacksonWritesIt() {
    ObjectNode object =
        object(
            "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"7\","
                + "\"labels\":{\"resourceVersion\":\"x\"}},\"data\":{\"k\":\"\\\"v\"}}");

    byte[] json = VersionedJson.of(object).withVersion(1234);

    Json.metadata(object).put("resourceVersion", "1234");
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(new String(Json.bytes(object), StandardCharsets.UTF_8));
  }

  @Test
  void anObjectWithoutOneGetsItLastInItsMetadata() {
    ObjectNode withMetadata = object("{\"metadata\":{\"name\":\"a\"},\"spec\":{}}");
    ObjectNode without = object("{\"spec\":{}}");

    assertThat(text(VersionedJson.of(withMetadata).withVersion(5)))
        .isEqualTo("{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"5\"},\"spec\":{}}");
    assertThat(text(VersionedJson.of(without).withVersion(5)))
        .isEqualTo("{\"spec\":{},\"metadata\":{\"resourceVersion\":\"5\"}}");
  }

  private static ObjectNode object(String json) {
    return Json.object(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }
}
