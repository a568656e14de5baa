package dev.kew.local.cluster.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The objects of one kind (all its versions share them), keyed {@code namespace/name} in order,
 * with the window of its latest changes and its open watches. Readers walk {@link #objects} without
 * a lock; everything else is guarded by the store's write lock.
 */
final class ObjectTable {

  final ResourceType type;
  final ConcurrentSkipListMap<String, Revision> objects = new ConcurrentSkipListMap<>();
  final ArrayDeque<Change> history = new ArrayDeque<>();
  final List<Subscription> subscriptions = new ArrayList<>();

  /** Deletions that left the history, whose tombstones go once no snapshot reader needs them. */
  final ArrayDeque<Change> tombstones = new ArrayDeque<>();

  /** The newest resourceVersion whose change is no longer in {@link #history}. */
  long compactedRv;

  ObjectTable(ResourceType type) {
    this.type = type;
  }

  static String key(String namespace, String name) {
    return namespace == null ? name : namespace + "/" + name;
  }

  /** The objects of one namespace, or all when {@code namespace} is null. */
  NavigableMap<String, Revision> scope(String namespace) {
    if (namespace == null) {
      return objects;
    }
    // '0' follows '/': every key "namespace/..." and nothing else.
    return objects.subMap(namespace + "/", true, namespace + "0", false);
  }

  static String namespaceOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? null : key.substring(0, slash);
  }

  static String nameOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }
}
