package dev.kew.local.cluster.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects of the simulated API server, with kube-apiserver's promises: one global
 * resourceVersion counter (as etcd's revision); every write is one change that watches receive in
 * order; a watch from a resourceVersion replays exactly the changes after it, or gets 410 Gone when
 * they left the retained window; a list is a consistent snapshot, paginated with {@code limit} and
 * {@code continue} over that same snapshot.
 *
 * <p>Writes compute and serialize their new state without a lock and commit under one lock, held
 * only to check that the object did not change meanwhile, assign the resourceVersion, store the new
 * state and hand the change to each watch's queue; watches never block writers (see {@link
 * Subscription}), lists read without the lock (see {@link Revision}), and what stays retained is
 * {@link Retention}'s job.
 */
public final class ObjectStore {

  /**
   * A write: the object as it should be, from the current one (null when absent). It may run more
   * than once (again on a newer state when another write came first), so it never changes what it
   * was given.
   */
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
  private final Retention retention;
  private final Object lock = new Object();
  private final Map<String, ObjectTable> tables = new ConcurrentHashMap<>();

  private long revision;

  /** The trees of the latest writes, so that the next write to the same object skips a parse. */
  private final RecentTrees recentTrees = new RecentTrees(256);

  public ObjectStore(StoreSettings settings) {
    this.settings = settings;
    this.retention = new Retention(settings.historyWindow());
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
   * <p>The next state is computed and serialized without the lock, then committed if the object did
   * not change meanwhile; otherwise {@code mutation} runs again on the newer state (as
   * kube-apiserver's guaranteed update), so it must not change what it was given.
   *
   * @throws ApiError when the mutation refuses the write
   */
  public Committed write(ResourceType type, String namespace, String name, Mutation mutation) {
    ObjectTable table = table(type);
    String key = ObjectTable.key(namespace, name);
    while (true) {
      Revision head = table.objects.get(key);
      Revision live = liveOrNull(head);
      ObjectNode current = live == null ? null : tree(live);
      ObjectNode next = mutation.apply(current);
      if (next == null && current == null) {
        throw ApiError.notFound(type, name);
      }
      if (next != null && next.equals(current)) {
        return new Committed(null, live.json());
      }
      // A DELETED event carries the last state with its own resourceVersion: a copy to set it on.
      ObjectNode stored = next == null ? Json.withOwnMetadata(current) : next;
      VersionedJson unversioned = VersionedJson.of(stored);
      Map<String, String> labels = Json.labels(stored);
      synchronized (lock) {
        Revision now = table.objects.get(key);
        if (liveOrNull(now) != live && !sameState(liveOrNull(now), live)) {
          continue; // written meanwhile: compute again from the newer state
        }
        long rv = revision + 1;
        String changeType = next == null ? "DELETED" : current == null ? "ADDED" : "MODIFIED";
        byte[] json = unversioned.withVersion(rv);
        Json.metadata(stored).put("resourceVersion", Long.toString(rv));
        Revision written =
            new Revision(
                rv,
                json,
                labels,
                next == null,
                now == null ? null : now.prunedTo(retention.horizon(table)));
        table.objects.put(key, written);
        revision = rv;
        if (next != null) {
          recentTrees.put(rv, stored);
        }
        Change change =
            new Change(
                rv,
                changeType,
                namespace,
                name,
                written.alone(),
                changeType.equals("MODIFIED") ? live.labels() : null);
        retention.record(table, change);
        for (Subscription subscription : table.subscriptions) {
          subscription.offer(change);
        }
        return new Committed(changeType, json);
      }
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
    ResourceVersions.ListStart start;
    synchronized (lock) {
      start =
          ResourceVersions.listStart(
              table, namespace, resourceVersion, match, continueToken, revision);
      retention.pin(start.snapshot());
    }
    long snapshot = start.snapshot();
    return new Listing(
        snapshot,
        table.scope(namespace),
        start.startKey(),
        selector,
        limit,
        () -> {
          synchronized (lock) {
            retention.unpin(table, snapshot);
          }
        });
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
      long after = fromNow ? revision : ResourceVersions.parse(resourceVersion);
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
        retention.expire(table, revision);
      }
      closeAllWatches("history expired");
    }
  }

  private ObjectNode tree(Revision live) {
    ObjectNode tree = recentTrees.take(live.rv());
    return tree != null ? tree : Json.object(live.json(), "the stored object");
  }

  private static Revision liveOrNull(Revision head) {
    return head == null || head.deleted() ? null : head;
  }

  /** Whether two heads are the same state (pruning replaces a head with an equal one). */
  private static boolean sameState(Revision a, Revision b) {
    return a != null && b != null && a.rv() == b.rv();
  }

  private ObjectTable table(ResourceType type) {
    return tables.computeIfAbsent(type.groupResource(), gr -> new ObjectTable(type));
  }
}
