package dev.kew.local.cluster.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.local.cluster.store.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Speaks the leaf paths of {@code fieldsV1} trees ({@code f:FIELD} and {@code k:{KEY}} segments,
 * one per line): finds the paths an object sets or a write changed, and adds, removes and looks up
 * paths in a tree.
 */
final class FieldPaths {

  private static final String SEPARATOR = "\n";

  private FieldPaths() {}

  /** Whether a fieldsV1 tree holds any of {@code paths} as a leaf. */
  static boolean ownsAny(ObjectNode fields, Set<String> paths) {
    for (String path : paths) {
      JsonNode node = fields;
      for (String segment : path.substring(1).split(SEPARATOR)) {
        node = node.get(segment);
        if (node == null) {
          break;
        }
      }
      if (node != null && node.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Adds the leaf {@code path} to a fieldsV1 tree. */
  static void add(ObjectNode fields, String path) {
    ObjectNode node = fields;
    for (String segment : path.substring(1).split(SEPARATOR)) {
      node = node.get(segment) instanceof ObjectNode child ? child : node.putObject(segment);
    }
  }

  /**
   * Removes the leaf {@code path} from a fieldsV1 tree, and the parents it leaves empty.
   *
   * @return whether it was there
   */
  static boolean remove(ObjectNode fields, String path) {
    String[] segments = path.substring(1).split(SEPARATOR);
    ObjectNode[] parents = new ObjectNode[segments.length];
    ObjectNode node = fields;
    for (int i = 0; i < segments.length; i++) {
      parents[i] = node;
      if (!(node.get(segments[i]) instanceof ObjectNode child)) {
        return false;
      }
      node = child;
    }
    if (!node.isEmpty()) {
      return false; // only part of it is owned; the leaves below are removed one by one
    }
    for (int i = segments.length - 1; i >= 0; i--) {
      parents[i].remove(segments[i]);
      if (!parents[i].isEmpty()) {
        break;
      }
    }
    return true;
  }

  /** Adds to {@code fields} the leaf paths of a fieldsV1 tree, each under {@code prefix}. */
  static void flatten(String prefix, JsonNode node, Set<String> fields) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> child = it.next();
      String path = prefix + SEPARATOR + child.getKey();
      if (child.getValue().isEmpty()) {
        fields.add(path);
      } else {
        flatten(path, child.getValue(), fields);
      }
    }
  }

  /** The fieldsV1 tree of every field of {@code value}, built in place under {@code node}. */
  static void build(ObjectNode node, String field, JsonNode value) {
    if (value.isObject() && !value.isEmpty()) {
      value
          .fields()
          .forEachRemaining(
              c -> build(node.putObject("f:" + c.getKey()), c.getKey(), c.getValue()));
      return;
    }
    List<String> key = mergeKey(field, value);
    if (key != null) {
      for (JsonNode item : value) {
        ObjectNode itemNode = node.putObject(itemKey(item, key));
        itemNode.putObject(".");
        item.fields()
            .forEachRemaining(
                c -> build(itemNode.putObject("f:" + c.getKey()), c.getKey(), c.getValue()));
      }
    }
  }

  /**
   * Adds to {@code changed} the leaf paths under {@code path} that {@code after} sets or changes,
   * and to {@code removed} those {@code before} had and {@code after} lacks. Equal subtrees are
   * passed over without a walk of their leaves.
   */
  private static void diff(
      String path,
      String field,
      JsonNode before,
      JsonNode after,
      Set<String> changed,
      Set<String> removed) {
    if (Objects.equals(before, after)) {
      return;
    }
    if (before == null || after == null) {
      collect(path, field, before == null ? after : before, before == null ? changed : removed);
      return;
    }
    if (before.isObject() && after.isObject() && !before.isEmpty() && !after.isEmpty()) {
      diffFields(path, before, after, changed, removed);
      return;
    }
    List<String> key = mergeKey(field, after);
    if (key != null && key.equals(mergeKey(field, before))) {
      Map<String, JsonNode> beforeItems = items(before, key);
      Map<String, JsonNode> afterItems = items(after, key);
      afterItems.forEach(
          (itemKey, item) -> {
            String itemPath = path + SEPARATOR + itemKey;
            JsonNode old = beforeItems.get(itemKey);
            if (old == null) {
              collectItem(itemPath, item, changed);
            } else {
              diffFields(itemPath, old, item, changed, removed);
            }
          });
      beforeItems.forEach(
          (itemKey, item) -> {
            if (!afterItems.containsKey(itemKey)) {
              String itemPath = path + SEPARATOR + itemKey;
              collectItem(itemPath, item, removed);
            }
          });
      return;
    }
    Set<String> beforeLeaves = new LinkedHashSet<>();
    collect(path, field, before, beforeLeaves);
    Set<String> afterLeaves = new LinkedHashSet<>();
    collect(path, field, after, afterLeaves);
    changed.addAll(afterLeaves);
    beforeLeaves.removeAll(afterLeaves);
    removed.addAll(beforeLeaves);
  }

  static void diffFields(
      String path, JsonNode before, JsonNode after, Set<String> changed, Set<String> removed) {
    after
        .fields()
        .forEachRemaining(
            c ->
                diff(
                    path + SEPARATOR + "f:" + c.getKey(),
                    c.getKey(),
                    before.get(c.getKey()),
                    c.getValue(),
                    changed,
                    removed));
    before
        .fields()
        .forEachRemaining(
            c -> {
              if (!after.has(c.getKey())) {
                collect(path + SEPARATOR + "f:" + c.getKey(), c.getKey(), c.getValue(), removed);
              }
            });
  }

  /** The leaf paths of every field of {@code value}. */
  private static void collect(String path, String field, JsonNode value, Set<String> paths) {
    if (value.isObject() && !value.isEmpty()) {
      value
          .fields()
          .forEachRemaining(
              c -> collect(path + SEPARATOR + "f:" + c.getKey(), c.getKey(), c.getValue(), paths));
      return;
    }
    List<String> key = mergeKey(field, value);
    if (key == null) {
      paths.add(path);
      return;
    }
    items(value, key)
        .forEach(
            (itemKey, item) -> {
              String itemPath = path + SEPARATOR + itemKey;
              collectItem(itemPath, item, paths);
            });
  }

  /** The leaf paths of a keyed list item: the item itself ({@code .}) and its fields. */
  private static void collectItem(String itemPath, JsonNode item, Set<String> paths) {
    paths.add(itemPath + SEPARATOR + ".");
    item.fields()
        .forEachRemaining(
            c ->
                collect(itemPath + SEPARATOR + "f:" + c.getKey(), c.getKey(), c.getValue(), paths));
  }

  /** The merge key of a list of objects, null for anything else. */
  private static List<String> mergeKey(String field, JsonNode value) {
    return value.isArray() && !value.isEmpty() && value.get(0).isObject()
        ? MergeKeys.of(field, value.get(0))
        : null;
  }

  private static Map<String, JsonNode> items(JsonNode list, List<String> key) {
    Map<String, JsonNode> items = new LinkedHashMap<>();
    list.forEach(item -> items.put(itemKey(item, key), item));
    return items;
  }

  /** {@code k:{"name":"web"}}: the fieldsV1 name of a keyed list item. */
  private static String itemKey(JsonNode item, List<String> key) {
    ObjectNode keyJson = Json.MAPPER.createObjectNode();
    key.stream().filter(item::has).forEach(k -> keyJson.set(k, item.get(k)));
    return "k:" + keyJson;
  }
}
