package dev.kew.local.cluster.store;

import java.util.TreeMap;

/**
 * Decides which states the store still keeps: the window of each kind's latest changes (older ones
 * are forgotten, as an etcd compaction), the states an open list snapshot can still see, and the
 * deleted objects' tombstones until no replay and no snapshot needs them. Every method runs under
 * the store's lock.
 */
final class Retention {

  private final int historyWindow;

  /** resourceVersions of the open snapshots (lists being read), with their number of readers. */
  private final TreeMap<Long, Integer> pins = new TreeMap<>();

  Retention(int historyWindow) {
    this.historyWindow = historyWindow;
  }

  /** Keeps {@code change} in {@code table}'s window, forgetting what falls out of it. */
  void record(ObjectTable table, Change change) {
    table.history.add(change);
    while (table.history.size() > historyWindow) {
      Change evicted = table.history.poll();
      table.compactedRv = evicted.rv();
      if (evicted.revision().deleted()) {
        table.tombstones.add(evicted);
      }
      forgetOlderStates(table, evicted);
    }
    removeTombstones(table);
  }

  /** Forgets every retained change of {@code table}, as a compaction at {@code revision}. */
  void expire(ObjectTable table, long revision) {
    for (Change change : table.history) {
      if (change.revision().deleted()) {
        table.tombstones.add(change);
      }
    }
    table.history.clear();
    table.compactedRv = revision;
    removeTombstones(table);
  }

  /** A list reads {@code snapshot} until {@link #unpin}: its states stay. */
  void pin(long snapshot) {
    pins.merge(snapshot, 1, Integer::sum);
  }

  void unpin(ObjectTable table, long snapshot) {
    pins.computeIfPresent(snapshot, (rv, readers) -> readers == 1 ? null : readers - 1);
    removeTombstones(table);
  }

  /** The oldest resourceVersion a reader of {@code table} may still ask for. */
  long horizon(ObjectTable table) {
    return pins.isEmpty() ? table.compactedRv : Math.min(table.compactedRv, pins.firstKey());
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
}
