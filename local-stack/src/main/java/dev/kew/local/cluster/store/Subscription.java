package dev.kew.local.cluster.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * One open watch: the events for its client, in resourceVersion order, waiting to be written. The
 * store adds events (never blocking: a client that falls more than the watch buffer behind gets its
 * watch closed, as kube-apiserver closes unresponsive watchers); the HTTP side takes them when the
 * client can take more, and is woken through {@link #onReady} whenever there is something new.
 */
public final class Subscription {

  private final ResourceType type;
  private final String namespace;
  private final Selector selector;
  private final boolean bookmarks;
  private final long after;
  private final ArrayDeque<WatchEvent> queue = new ArrayDeque<>();
  private int limit;
  private boolean ending;
  private String endReason;
  private volatile Runnable onReady = () -> {};
  private volatile Runnable onClose = () -> {};

  Subscription(
      ResourceType type,
      String namespace,
      Selector selector,
      boolean bookmarks,
      long after,
      int limit) {
    this.type = type;
    this.namespace = namespace;
    this.selector = selector;
    this.bookmarks = bookmarks;
    this.after = after;
    this.limit = limit;
  }

  /** Runs {@code action} (never blocking) whenever an event or the end is ready to be taken. */
  public void onReady(Runnable action) {
    this.onReady = Objects.requireNonNull(action);
    action.run();
  }

  /** The next event, or null when there is none for now. */
  public synchronized WatchEvent poll() {
    return queue.poll();
  }

  /** Whether the watch is over (closed by the server) and every event was taken. */
  public synchronized boolean finished() {
    return ending && queue.isEmpty();
  }

  /** Why the server ended the watch, or null. */
  public synchronized String endReason() {
    return endReason;
  }

  /** The client went away, or the stream was ended: the store forgets the watch. */
  public void close() {
    end("closed");
    onClose.run();
  }

  void onClose(Runnable action) {
    this.onClose = action;
  }

  /** Takes the event of a write, as this watch's client should see it. */
  void offer(Change change) {
    deliver(change, false);
  }

  /** Takes an event of the retained history when the watch starts (not counted in its buffer). */
  void offerReplay(Change change) {
    deliver(change, true);
  }

  private void deliver(Change change, boolean replay) {
    if (change.rv() <= after || !inNamespace(change.namespace())) {
      return;
    }
    Revision revision = change.revision();
    boolean now = selector.matches(change.namespace(), change.name(), revision.labels());
    String type = change.type();
    if (change.previousLabels() != null) {
      boolean before = selector.matches(change.namespace(), change.name(), change.previousLabels());
      if (!before && !now) {
        return;
      }
      type = before && now ? "MODIFIED" : now ? "ADDED" : "DELETED";
    } else if (!now) {
      return;
    }
    enqueue(new WatchEvent(type, revision.json()), replay);
  }

  /** Takes an object that exists when the watch starts, as a synthetic ADDED. */
  void offerInitial(String objectNamespace, String name, Revision revision) {
    if (inNamespace(objectNamespace)
        && selector.matches(objectNamespace, name, revision.labels())) {
      enqueue(new WatchEvent("ADDED", revision.json()), true);
    }
  }

  void offerBookmark(long resourceVersion) {
    if (!bookmarks) {
      return;
    }
    String object =
        "{\"kind\":\""
            + type.kind()
            + "\",\"apiVersion\":\""
            + type.apiVersion()
            + "\",\"metadata\":{\"resourceVersion\":\""
            + resourceVersion
            + "\"}}";
    enqueue(new WatchEvent("BOOKMARK", object.getBytes(StandardCharsets.UTF_8)), false);
  }

  /** Sends {@code status} as an ERROR event and ends the watch. */
  void fail(byte[] status) {
    enqueue(new WatchEvent("ERROR", status), true);
    end("error");
  }

  /** Ends the watch once the waiting events are taken (a timeout, a fault, the server's choice). */
  public void end(String reason) {
    synchronized (this) {
      if (ending) {
        return;
      }
      ending = true;
      endReason = reason;
    }
    onReady.run();
  }

  private void enqueue(WatchEvent event, boolean beyondLimit) {
    synchronized (this) {
      if (ending) {
        return;
      }
      if (beyondLimit) {
        limit++;
      } else if (queue.size() >= limit) {
        queue.clear();
        ending = true;
        endReason = "the client fell more than the watch buffer behind";
      }
      if (!ending) {
        queue.add(event);
      }
    }
    onReady.run();
  }

  private boolean inNamespace(String objectNamespace) {
    return namespace == null || namespace.equals(objectNamespace);
  }
}
