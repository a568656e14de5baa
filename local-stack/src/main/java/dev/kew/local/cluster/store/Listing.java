package dev.kew.local.cluster.store;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;

/**
 * One page of a list, read lazily from a consistent snapshot while writes go on: the items in key
 * order, then (once they are all taken) the {@code continue} token when more objects follow. Close
 * it when done: until then the store keeps every state the snapshot can see.
 */
public final class Listing implements Iterator<byte[]>, AutoCloseable {

  private final long revision;
  private final NavigableMap<String, Revision> scope;
  private final Iterator<Map.Entry<String, Revision>> entries;
  private final Selector selector;
  private final long limit;
  private final Runnable unpin;
  private byte[] next;
  private String lastKey;
  private long taken;
  private String continueToken;
  private boolean closed;

  Listing(
      long revision,
      NavigableMap<String, Revision> scope,
      String start,
      Selector selector,
      long limit,
      Runnable unpin) {
    this.revision = revision;
    this.scope = scope;
    this.entries = (start == null ? scope : scope.tailMap(start, true)).entrySet().iterator();
    this.selector = selector;
    this.limit = limit;
    this.unpin = unpin;
  }

  /** The resourceVersion of the snapshot: the list's {@code metadata.resourceVersion}. */
  public long revision() {
    return revision;
  }

  /** The token for the next page, once every item was taken; null when this is the last page. */
  public String continueToken() {
    return continueToken;
  }

  @Override
  public boolean hasNext() {
    while (next == null && (limit <= 0 || taken < limit) && entries.hasNext()) {
      Map.Entry<String, Revision> entry = entries.next();
      Revision visible = entry.getValue().at(revision);
      if (visible == null) {
        continue;
      }
      String key = entry.getKey();
      if (selector.matches(
          ObjectTable.namespaceOf(key), ObjectTable.nameOf(key), visible.labels())) {
        next = visible.json();
        lastKey = key;
        taken++;
      }
    }
    if (next == null && limit > 0 && taken >= limit && continueToken == null && lastKey != null) {
      if (scope.higherKey(lastKey) != null) {
        continueToken = new ContinueToken(revision, lastKey + "\u0000").encode();
      }
    }
    return next != null;
  }

  @Override
  public byte[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    byte[] item = next;
    next = null;
    return item;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      unpin.run();
    }
  }
}
