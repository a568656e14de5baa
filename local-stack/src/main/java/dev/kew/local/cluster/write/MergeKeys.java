package dev.kew.local.cluster.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lists of built-in kinds whose items are merged by a key instead of replaced whole, as the
 * {@code patchMergeKey} tags of the Kubernetes API types say: {@code containers} by {@code name},
 * container {@code ports} by {@code containerPort}, Service {@code ports} by {@code port}, and so
 * on. Looked up by field name, which is faithful for the common fields of Pods, Deployments and
 * Services; a list not named here is atomic. Used by the strategic-merge patch and by the
 * managedFields of list items ({@code k:{"name":"web"}}).
 */
final class MergeKeys {

  private static final Map<String, List<String>> BY_FIELD =
      Map.ofEntries(
          Map.entry("containers", List.of("name")),
          Map.entry("initContainers", List.of("name")),
          Map.entry("ephemeralContainers", List.of("name")),
          Map.entry("env", List.of("name")),
          Map.entry("volumes", List.of("name")),
          Map.entry("volumeMounts", List.of("mountPath")),
          Map.entry("volumeDevices", List.of("devicePath")),
          Map.entry("imagePullSecrets", List.of("name")),
          Map.entry("hostAliases", List.of("ip")),
          Map.entry("conditions", List.of("type")),
          Map.entry("ownerReferences", List.of("uid")),
          Map.entry("topologySpreadConstraints", List.of("topologyKey", "whenUnsatisfiable")),
          Map.entry("resourceClaims", List.of("name")),
          Map.entry("containerStatuses", List.of("name")),
          Map.entry("initContainerStatuses", List.of("name")));

  /** Lists of strings merged as sets. */
  private static final Set<String> PRIMITIVE_SETS = Set.of("finalizers");

  private MergeKeys() {}

  /**
   * The merge key of the list {@code field} whose items look like {@code sample}, or null when the
   * list is atomic. {@code ports} are merged by {@code containerPort} in containers and by {@code
   * port} in Services.
   */
  static List<String> of(String field, JsonNode sample) {
    if (field.equals("ports")) {
      if (sample != null && sample.has("containerPort")) {
        return List.of("containerPort", "protocol");
      }
      return List.of("port", "protocol");
    }
    return BY_FIELD.get(field);
  }

  static boolean primitiveSet(String field) {
    return PRIMITIVE_SETS.contains(field);
  }

  /** Whether two list items have the same key (absent {@code protocol} means TCP, as defaulted). */
  static boolean sameItem(List<String> key, JsonNode a, JsonNode b) {
    for (String field : key) {
      if (!value(field, a).equals(value(field, b))) {
        return false;
      }
    }
    return true;
  }

  static String value(String field, JsonNode item) {
    JsonNode value = item.get(field);
    if (value == null || value.isNull()) {
      return field.equals("protocol") ? "TCP" : "";
    }
    return value.asText();
  }
}
