package dev.kew.local.cluster.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed trees of the latest writes, by resourceVersion, so that a write soon after another to
 * the same object (a create, then its status) does not parse it again; the oldest are forgotten.
 * Trees handed out are never changed (see {@link ObjectStore.Mutation}). Safe for any thread.
 */
final class RecentTrees {

  private final Map<Long, ObjectNode> trees;

  RecentTrees(int capacity) {
    this.trees =
        new LinkedHashMap<>(capacity, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, ObjectNode> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized void put(long resourceVersion, ObjectNode tree) {
    trees.put(resourceVersion, tree);
  }

  /** The tree of {@code resourceVersion}, once (a second take answers null): or null. */
  synchronized ObjectNode take(long resourceVersion) {
    return trees.remove(resourceVersion);
  }
}
