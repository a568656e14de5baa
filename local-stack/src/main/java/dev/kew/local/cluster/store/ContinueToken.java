package dev.kew.local.cluster.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;

/**
 * The {@code continue} of a paginated list, as kube-apiserver makes it: base64 (URL alphabet, no
 * padding) of {@code {"v":"meta.k8s.io/v1","rv":SNAPSHOT,"start":"NEXTKEY"}}, so the next page
 * reads the same snapshot from the key after the last one sent.
 */
record ContinueToken(long resourceVersion, String start) {

  private static final int MAX_LENGTH = 8192;

  String encode() {
    ObjectNode token = Json.MAPPER.createObjectNode();
    token.put("v", "meta.k8s.io/v1");
    token.put("rv", resourceVersion);
    token.put("start", start);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(token));
  }

  /**
   * @throws ApiError 400 when {@code value} is not a token of this server
   */
  static ContinueToken decode(String value) {
    try {
      if (value.length() > MAX_LENGTH) {
        throw new IllegalArgumentException("too long");
      }
      JsonNode token = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(value.trim()));
      if (!token.path("v").asText().equals("meta.k8s.io/v1")
          || !token.path("rv").canConvertToLong()
          || token.path("rv").asLong() < 1
          || !token.path("start").isTextual()) {
        throw new IllegalArgumentException("unknown format");
      }
      return new ContinueToken(token.path("rv").asLong(), token.path("start").asText());
    } catch (IOException | IllegalArgumentException e) {
      throw ApiError.badRequest("continue key is not valid: " + e.getMessage());
    }
  }
}
