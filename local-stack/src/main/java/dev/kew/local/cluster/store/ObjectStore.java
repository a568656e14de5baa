package dev.kew.local.cluster.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects of the simulated API server, with kube-apiserver's promises: one global
 * resourceVersion counter (as etcd's revision); every write is one change that watches receive in
 * order; a watch from a resourceVersion replays exactly the changes after it, or gets 410 Gone when
 * they left the retained window; a list is a consistent snapshot, paginated with {@code limit} and
 * {@code continue} over that same snapshot.
 *
 * <p>Writes are serialized by one lock, held only to assign the resourceVersion, store the new
 * state and hand the change to each watch's queue; watches never block writers (see {@link
 * Subscription}), and lists read without the lock (see {@link Revision}).
 */
public final class ObjectStore {

  /** A write: the object as it should be, from the current one (null when absent). */
  @FunctionalInterface
  public interface Mutation {
    /**
     * @param current the stored object, null when there is none; read it, never change it (the
     *     store compares the answer with it)
     * @return the object to store (a new tree, which may share unchanged nodes with {@code
     *     current}), or null to delete it
     * @throws ApiError when the write is refused
     */
    ObjectNode apply(ObjectNode current);
  }

  /**
   * What a write did.
   *
   * @param type {@code ADDED}, {@code MODIFIED}, {@code DELETED}, or null when nothing changed
   * @param json the stored object (for DELETED, its last state with the deletion's resourceVersion)
   */
  public record Committed(String type, byte[] json) {}

  private final StoreSettings settings;
  private final Object lock = new Object();
  private final Map<String, ObjectTable> tables = new ConcurrentHashMap<>();

  /** resourceVersions of the open snapshots (lists being read), with their number of readers. */
  private final TreeMap<Long, Integer> pins = new TreeMap<>();

  private long revision;

  /**
   * The trees of the latest writes, by resourceVersion, so that a write soon after another to the
   * same object (a create, then its status) does not parse it again. Trees handed out are never
   * changed (see {@link Mutation}).
   */
  private final Map<Long, ObjectNode> recentTrees =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ObjectNode> eldest) {
          return size() > 256;
        }
      };

  public ObjectStore(StoreSettings settings) {
    this.settings = settings;
  }

  /** The resourceVersion of the latest write. */
  public long currentRevision() {
    synchronized (lock) {
      return revision;
    }
  }

  /** The stored object, if it exists. */
  public Optional<byte[]> get(ResourceType type, String namespace, String name) {
    Revision head = table(type).objects.get(ObjectTable.key(namespace, name));
    return head == null || head.deleted() ? Optional.empty() : Optional.of(head.json());
  }

  /** How many objects of {@code type} exist (walks them all). */
  public long count(ResourceType type) {
    return table(type).objects.values().stream().filter(r -> !r.deleted()).count();
  }

  /**
   * Writes one object: {@code mutation} sees the current state and answers the next one. Sets the
   * new resourceVersion; a mutation that changes nothing commits nothing (as kube-apiserver, the
   * resourceVersion stays).
   *
   * @throws ApiError when the mutation refuses the write
   */
  public Committed write(ResourceType type, String namespace, String name, Mutation mutation) {
    ObjectTable table = table(type);
    String key = ObjectTable.key(namespace, name);
    synchronized (lock) {
      Revision head = table.objects.get(key);
      Revision live = head == null || head.deleted() ? null : head;
      ObjectNode current = live == null ? null : tree(live);
      ObjectNode next = mutation.apply(current);
      if (next == null && current == null) {
        throw ApiError.notFound(type, name);
      }
      if (next != null && next.equals(current)) {
        return new Committed(null, live.json());
      }
      long rv = revision + 1;
      String changeType = next == null ? "DELETED" : current == null ? "ADDED" : "MODIFIED";
      ObjectNode stored = next == null ? current : next;
      Json.metadata(stored).put("resourceVersion", Long.toString(rv));
      byte[] json = Json.bytes(stored);
      Revision written =
          new Revision(
              rv,
              json,
              Json.labels(stored),
              next == null,
              head == null ? null : head.prunedTo(horizon(table)));
      table.objects.put(key, written);
      revision = rv;
      if (next != null) {
        recentTrees.put(rv, stored);
      }
      record(
          table,
          new Change(
              rv,
              changeType,
              namespace,
              name,
              written.alone(),
              changeType.equals("MODIFIED") ? live.labels() : null));
      return new Committed(changeType, json);
    }
  }

  /**
   * Opens one page of a list.
   *
   * @param limit at most this many items (0: all)
   * @param resourceVersion with {@code match} {@code Exact}: the snapshot to read; otherwise the
   *     latest state is read (which is never older than any resourceVersion a client saw)
   * @param continueToken the previous page's token: reads on from it, in its snapshot
   * @throws ApiError 410 Expired when the snapshot asked for is older than the retained window
   */
  public Listing list(
      ResourceType type,
      String namespace,
      Selector selector,
      long limit,
      String resourceVersion,
      String match,
      String continueToken) {
    ObjectTable table = table(type);
    long snapshot;
    String start = null;
    synchronized (lock) {
      if (continueToken != null && !continueToken.isBlank()) {
        ContinueToken token = ContinueToken.decode(continueToken);
        if (token.resourceVersion() > revision
            || (namespace != null && !token.start().startsWith(namespace + "/"))) {
          throw ApiError.badRequest("continue key is not valid for this list");
        }
        if (token.resourceVersion() < table.compactedRv) {
          throw ApiError.expired(
              "The provided continue parameter is too old to display a consistent list result."
                  + " You can start a new list without the continue parameter.");
        }
        snapshot = token.resourceVersion();
        start = token.start();
      } else if ("Exact".equals(match)) {
        snapshot = requestedVersion(resourceVersion);
        if (snapshot < table.compactedRv) {
          throw ApiError.expired(
              "too old resource version: " + snapshot + " (" + table.compactedRv + ")");
        }
      } else {
        if (match != null && !match.isEmpty() && !match.equals("NotOlderThan")) {
          throw ApiError.badRequest("unsupported resourceVersionMatch \"" + match + "\"");
        }
        if (resourceVersion != null && !resourceVersion.isEmpty()) {
          requestedVersion(resourceVersion);
        }
        snapshot = revision;
      }
      pins.merge(snapshot, 1, Integer::sum);
    }
    long pinned = snapshot;
    return new Listing(
        snapshot, table.scope(namespace), start, selector, limit, () -> unpin(table, pinned));
  }

  /**
   * Opens a watch. Without a resourceVersion (or "0") it starts with a synthetic ADDED for every
   * matching object, then the changes after that state; from a resourceVersion it replays the
   * changes after it, or sends one ERROR event (a {@code Status} 410 Expired) and ends when they
   * are no longer retained.
   */
  public Subscription watch(
      ResourceType type,
      String namespace,
      Selector selector,
      String resourceVersion,
      boolean bookmarks) {
    ObjectTable table = table(type);
    synchronized (lock) {
      boolean fromNow =
          resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0");
      long after = fromNow ? revision : parseVersion(resourceVersion);
      Subscription subscription =
          new Subscription(type, namespace, selector, bookmarks, after, settings.watchBuffer());
      if (fromNow) {
        table
            .scope(namespace)
            .forEach(
                (key, head) -> {
                  if (!head.deleted()) {
                    subscription.offerInitial(
                        ObjectTable.namespaceOf(key), ObjectTable.nameOf(key), head);
                  }
                });
      } else if (after < table.compactedRv) {
        subscription.fail(
            ApiError.expired("too old resource version: " + after + " (" + table.compactedRv + ")")
                .statusJson());
        return subscription;
      } else {
        table.history.forEach(subscription::offerReplay);
      }
      table.subscriptions.add(subscription);
      subscription.onClose(
          () -> {
            synchronized (lock) {
              table.subscriptions.remove(subscription);
            }
          });
      return subscription;
    }
  }

  /** Sends a BOOKMARK with the current resourceVersion to every watch that allows them. */
  public void bookmark() {
    synchronized (lock) {
      for (ObjectTable table : tables.values()) {
        table.subscriptions.forEach(s -> s.offerBookmark(revision));
      }
    }
  }

  /** Ends every open watch (each once its waiting events are sent); clients watch again. */
  public int closeAllWatches(String reason) {
    synchronized (lock) {
      int closed = 0;
      for (ObjectTable table : tables.values()) {
        for (Subscription subscription : table.subscriptions) {
          subscription.end(reason);
          closed++;
        }
        table.subscriptions.clear();
      }
      return closed;
    }
  }

  /**
   * Forgets every retained change, as an etcd compaction at the current revision: a watch or an
   * exact list from any earlier resourceVersion answers 410 Gone. Open watches are closed, so their
   * clients meet it at once.
   */
  public void expireHistory() {
    synchronized (lock) {
      for (ObjectTable table : tables.values()) {
        for (Change change : table.history) {
          if (change.revision().deleted()) {
            table.tombstones.add(change);
          }
        }
        table.history.clear();
        table.compactedRv = revision;
        removeTombstones(table);
      }
      closeAllWatches("history expired");
    }
  }

  private ObjectNode tree(Revision live) {
    ObjectNode tree = recentTrees.remove(live.rv());
    return tree != null ? tree : Json.object(live.json(), "the stored object");
  }

  private void record(ObjectTable table, Change change) {
    table.history.add(change);
    while (table.history.size() > settings.historyWindow()) {
      Change evicted = table.history.poll();
      table.compactedRv = evicted.rv();
      if (evicted.revision().deleted()) {
        table.tombstones.add(evicted);
      }
      forgetOlderStates(table, evicted);
    }
    removeTombstones(table);
    for (Subscription subscription : table.subscriptions) {
      subscription.offer(change);
    }
  }

  /**
   * Drops the states of {@code evicted}'s object that only the evicted change could still reach:
   * without this an object written once more than the window ago would keep its previous state
   * until its next write.
   */
  private void forgetOlderStates(ObjectTable table, Change evicted) {
    long horizon = horizon(table);
    table.objects.computeIfPresent(
        ObjectTable.key(evicted.namespace(), evicted.name()),
        (key, head) -> head.prunedTo(horizon));
  }

  /** Drops deleted objects that no watch replay and no open snapshot can see any more. */
  private void removeTombstones(ObjectTable table) {
    long oldestReader = pins.isEmpty() ? Long.MAX_VALUE : pins.firstKey();
    while (!table.tombstones.isEmpty() && table.tombstones.peek().rv() <= oldestReader) {
      Change deletion = table.tombstones.poll();
      table.objects.computeIfPresent(
          ObjectTable.key(deletion.namespace(), deletion.name()),
          (key, head) -> head.deleted() && head.rv() == deletion.rv() ? null : head);
    }
  }

  private long horizon(ObjectTable table) {
    return pins.isEmpty() ? table.compactedRv : Math.min(table.compactedRv, pins.firstKey());
  }

  private void unpin(ObjectTable table, long snapshot) {
    synchronized (lock) {
      pins.computeIfPresent(snapshot, (rv, readers) -> readers == 1 ? null : readers - 1);
      removeTombstones(table);
    }
  }

  private long requestedVersion(String resourceVersion) {
    long requested = parseVersion(resourceVersion);
    if (requested > revision) {
      throw new ApiError(
          504, "Timeout", "Too large resource version: " + requested + ", current: " + revision);
    }
    return requested;
  }

  private static long parseVersion(String resourceVersion) {
    try {
      long value = Long.parseLong(resourceVersion);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(
          "invalid resourceVersion \"" + resourceVersion + "\": a resourceVersion is a number");
    }
  }

  private ObjectTable table(ResourceType type) {
    return tables.computeIfAbsent(type.groupResource(), gr -> new ObjectTable(type));
  }
}
