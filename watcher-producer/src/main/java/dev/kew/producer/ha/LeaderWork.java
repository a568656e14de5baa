package dev.kew.producer.ha;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What a leader runs while it leads (the watcher), as {@link Leadership} sees it. */
public interface LeaderWork extends AutoCloseable {

  /** Completes exceptionally when the work cannot go on; it never completes normally. */
  CompletableFuture<Void> failure();

  /** Why the work does not deliver now; empty when it does. */
  List<String> readinessProblems();

  /** Stops the work; idempotent. */
  @Override
  void close();
}
