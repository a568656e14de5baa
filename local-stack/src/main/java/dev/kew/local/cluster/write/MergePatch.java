package dev.kew.local.cluster.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.local.cluster.store.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON Merge Patch, RFC 7386 ({@code application/merge-patch+json}): the algorithm of the RFC's
 * section 2, on Jackson trees. No Jackson-based library implements it; the RFC's pseudo-code is
 * eleven lines.
 */
final class MergePatch {

  private MergePatch() {}

  /**
   * The target patched, as a new tree that shares every node the patch does not reach with {@code
   * target} (which is left as it was).
   */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    if (target != null && target.isObject()) {
      result.setAll((ObjectNode) target);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }
}
