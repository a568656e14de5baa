package dev.kew.local.cluster.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.local.cluster.store.ApiError;
import dev.kew.local.cluster.store.Json;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}, what {@code kubectl patch}
 * and {@code kubectl apply} send by default) for built-in kinds, faithful for the common cases:
 * maps merge as in a JSON merge patch; lists named in {@link MergeKeys} merge item by item on their
 * key ({@code containers} by {@code name}), {@code finalizers} as a set; other lists are replaced;
 * the directives {@code $patch: replace|delete|merge}, {@code $deleteFromPrimitiveList/FIELD} and
 * {@code $retainKeys} are honoured and {@code $setElementOrder/FIELD} is accepted (item order is
 * kept as stored, new items at the end). Not modelled: the per-type tags that make a few lists
 * atomic or keyed differently from their field name.
 */
final class StrategicMergePatch {

  private StrategicMergePatch() {}

  /** {@code target} patched (changed in place). */
  static ObjectNode apply(ObjectNode target, ObjectNode patch) {
    return mergeMap(target, patch);
  }

  private static ObjectNode mergeMap(ObjectNode target, ObjectNode patch) {
    String directive = patch.path("$patch").asText("");
    if (directive.equals("replace")) {
      ObjectNode replaced = patch.deepCopy();
      replaced.remove("$patch");
      return replaced;
    }
    if (!directive.isEmpty() && !directive.equals("merge")) {
      throw ApiError.badRequest("unsupported $patch directive \"" + directive + "\" on a map");
    }
    JsonNode retainKeys = patch.get("$retainKeys");
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.equals("$patch")
          || name.equals("$retainKeys")
          || name.startsWith("$setElementOrder/")) {
        continue;
      }
      if (name.startsWith("$deleteFromPrimitiveList/")) {
        String list = name.substring("$deleteFromPrimitiveList/".length());
        if (target.get(list) instanceof ArrayNode items && value.isArray()) {
          removeValues(items, value);
        }
        continue;
      }
      JsonNode current = target.get(name);
      if (value.isNull()) {
        target.remove(name);
      } else if (value.isObject() && "delete".equals(value.path("$patch").asText())) {
        target.remove(name);
      } else if (value.isObject() && current instanceof ObjectNode currentMap) {
        target.set(name, mergeMap(currentMap, (ObjectNode) value));
      } else if (value.isObject()) {
        target.set(name, mergeMap(Json.MAPPER.createObjectNode(), (ObjectNode) value));
      } else if (value.isArray() && current instanceof ArrayNode currentList) {
        target.set(name, mergeList(name, currentList, (ArrayNode) value));
      } else if (value.isArray()) {
        target.set(name, mergeList(name, Json.MAPPER.createArrayNode(), (ArrayNode) value));
      } else {
        target.set(name, value.deepCopy());
      }
    }
    if (retainKeys instanceof ArrayNode keep) {
      Set<String> kept = new HashSet<>();
      keep.forEach(k -> kept.add(k.asText()));
      target.retain(kept);
    }
    return target;
  }

  private static ArrayNode mergeList(String field, ArrayNode current, ArrayNode patch) {
    for (JsonNode item : patch) {
      if (item.isObject() && "replace".equals(item.path("$patch").asText())) {
        ArrayNode replaced = Json.MAPPER.createArrayNode();
        patch.forEach(
            i -> {
              if (!(i.isObject() && i.has("$patch"))) {
                replaced.add(i.deepCopy());
              }
            });
        return replaced;
      }
    }
    JsonNode sample = patch.isEmpty() ? null : patch.get(0);
    List<String> key = sample != null && sample.isObject() ? MergeKeys.of(field, sample) : null;
    if (key != null) {
      for (JsonNode item : patch) {
        mergeItem(current, key, (ObjectNode) item);
      }
      return current;
    }
    if (MergeKeys.primitiveSet(field)) {
      for (JsonNode value : patch) {
        if (!contains(current, value)) {
          current.add(value.deepCopy());
        }
      }
      return current;
    }
    return patch.deepCopy();
  }

  private static void mergeItem(ArrayNode current, List<String> key, ObjectNode item) {
    boolean delete = "delete".equals(item.path("$patch").asText());
    for (int i = 0; i < current.size(); i++) {
      if (current.get(i).isObject() && MergeKeys.sameItem(key, current.get(i), item)) {
        if (delete) {
          current.remove(i);
        } else {
          current.set(i, mergeMap((ObjectNode) current.get(i), item));
        }
        return;
      }
    }
    if (!delete) {
      current.add(mergeMap(Json.MAPPER.createObjectNode(), item));
    }
  }

  private static void removeValues(ArrayNode items, JsonNode values) {
    for (int i = items.size() - 1; i >= 0; i--) {
      if (contains(values, items.get(i))) {
        items.remove(i);
      }
    }
  }

  private static boolean contains(JsonNode list, JsonNode value) {
    for (JsonNode item : list) {
      if (item.equals(value)) {
        return true;
      }
    }
    return false;
  }
}
