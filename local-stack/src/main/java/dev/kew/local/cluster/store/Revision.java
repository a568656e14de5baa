package dev.kew.local.cluster.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One stored state of an object, immutable: its JSON as served (the bytes are never copied again:
 * lists and watch events write them as they are), its labels for selectors, whether it is the
 * deletion, and the state before it. Following {@code previous} gives the object's history back to
 * the oldest state a reader may still ask for, which is how a list is a consistent snapshot while
 * writes go on (as etcd's MVCC).
 */
record Revision(
    long rv, byte[] json, Map<String, String> labels, boolean deleted, Revision previous) {

  /** This state without the ones before it (what the watch history keeps). */
  Revision alone() {
    return previous == null ? this : new Revision(rv, json, labels, deleted, null);
  }

  /** The state visible at {@code snapshot}: the newest at or before it, null if none or deleted. */
  Revision at(long snapshot) {
    for (Revision r = this; r != null; r = r.previous) {
      if (r.rv <= snapshot) {
        return r.deleted ? null : r;
      }
    }
    return null;
  }

  /**
   * This chain without the states no reader can ask for any more: those older than the newest state
   * at or before {@code horizon}.
   */
  Revision prunedTo(long horizon) {
    List<Revision> kept = new ArrayList<>();
    Revision r = this;
    while (r != null) {
      kept.add(r);
      if (r.rv <= horizon) {
        break;
      }
      r = r.previous;
    }
    if (r == null || r.previous == null) {
      return this; // nothing older to drop
    }
    Revision chain = null;
    for (int i = kept.size() - 1; i >= 0; i--) {
      Revision k = kept.get(i);
      chain = new Revision(k.rv, k.json, k.labels, k.deleted, chain);
    }
    return chain;
  }
}
