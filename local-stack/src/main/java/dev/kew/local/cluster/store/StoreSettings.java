package dev.kew.local.cluster.store;

/**
 * How much the simulated API server remembers and buffers.
 *
 * @param historyWindow changes kept per kind for watches and snapshots: a watch from an older
 *     resourceVersion, or a list continued from an older snapshot, answers 410 Gone (kube-apiserver
 *     keeps a window per kind in its watch cache, and etcd keeps about 5 minutes)
 * @param watchBuffer events one watch may have waiting for its client; a watch that falls further
 *     behind is closed, as kube-apiserver closes an unresponsive watcher, and its client watches
 *     again from its last resourceVersion
 */
public record StoreSettings(int historyWindow, int watchBuffer) {

  public static final StoreSettings DEFAULTS = new StoreSettings(10_000, 10_000);

  public StoreSettings {
    if (historyWindow < 1) {
      throw new IllegalArgumentException("historyWindow must be at least 1, was " + historyWindow);
    }
    if (watchBuffer < 1) {
      throw new IllegalArgumentException("watchBuffer must be at least 1, was " + watchBuffer);
    }
  }
}
