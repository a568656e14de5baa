package dev.kew.producer.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.producer.paths.PathRule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether an update of an object is a change worth publishing ({@link ChangeRules}), and
 * computes its JSON Patch from the last published version.
 */
public final class ChangeTracker {

  private final LastPublished store;
  private final ChangeRules rules;
  private final AtomicLong ignoredUpdates = new AtomicLong();

  /**
   * @param store where the last published form of each object is kept
   * @param ignoredPaths paths whose changes alone are not published, besides {@link
   *     ChangeRules#NOISE}
   */
  public ChangeTracker(LastPublished store, List<PathRule> ignoredPaths) {
    this.store = Objects.requireNonNull(store, "store");
    this.rules = new ChangeRules(ignoredPaths);
  }

  /**
   * What to do with an update.
   *
   * @param changed false when only ignored paths changed: publish nothing
   * @param patch the JSON Patch from the previous version, or {@code null} when none was known
   */
  public record Update(boolean changed, JsonNode patch) {}

  /** Remembers an object that was published as ADDED. */
  public void added(String uid, JsonNode object) {
    store.put(uid, object);
  }

  /**
   * Compares {@code current} with the last published form of the object and remembers {@code
   * current} when it is a change; without a published form there is no patch (the informer's cache
   * is slim, so its previous state is no base for one).
   */
  public Update modified(String kind, String uid, JsonNode current) {
    Optional<JsonNode> previous = store.get(uid);
    if (previous.isEmpty()) {
      store.put(uid, current);
      return new Update(true, null);
    }
    JsonNode patch = rules.patch(previous.get(), current);
    if (!rules.changes(kind, patch)) {
      ignoredUpdates.incrementAndGet();
      return new Update(false, patch);
    }
    store.put(uid, current);
    return new Update(true, patch);
  }

  /** Forgets a deleted object. */
  public void deleted(String uid) {
    store.remove(uid);
  }

  /** The last published form of the object, if known. */
  public Optional<JsonNode> lastPublished(String uid) {
    return store.get(uid);
  }

  /** The UIDs of every object whose last published form is kept. */
  public Set<String> uids() {
    return store.uids();
  }

  /** How many updates were not a change: only ignored paths (or the noise) changed. */
  public long ignoredUpdates() {
    return ignoredUpdates.get();
  }

  /** Objects whose last published form is kept. */
  public int size() {
    return store.size();
  }
}
