package dev.kew.producer.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.flipkart.zjsonpatch.DiffFlags;
import com.flipkart.zjsonpatch.JsonDiff;
import dev.kew.producer.paths.PathRule;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether an update of an object is a change worth publishing, and computes its JSON Patch
 * from the last published version.
 *
 * <p>Paths that never count as a change: {@code metadata.managedFields}, {@code
 * metadata.resourceVersion} (new on every write) and {@code metadata.generation} (it moves only
 * with a change of {@code spec} that shows by itself). Configured ignored paths add to those. An
 * update in which only such paths changed is not a change. The patch itself is exact: applied to
 * the previously published object it gives the new one, ignored paths included, and every replace
 * operation carries the old value as {@code fromValue}.
 */
public final class ChangeTracker {

  /** Paths that are never a change by themselves. */
  public static final List<PathRule> NOISE =
      List.of(
          PathRule.parse("metadata.managedFields"),
          PathRule.parse("metadata.resourceVersion"),
          PathRule.parse("metadata.generation"));

  private static final EnumSet<DiffFlags> FLAGS =
      EnumSet.of(
          DiffFlags.OMIT_VALUE_ON_REMOVE,
          DiffFlags.OMIT_MOVE_OPERATION,
          DiffFlags.OMIT_COPY_OPERATION,
          DiffFlags.ADD_ORIGINAL_VALUE_ON_REPLACE);

  private final LastPublished store;
  private final List<PathRule> ignored;
  private final AtomicLong ignoredUpdates = new AtomicLong();

  /**
   * @param store where the last published form of each object is kept
   * @param ignoredPaths paths whose changes alone are not published, besides {@link #NOISE}
   */
  public ChangeTracker(LastPublished store, List<PathRule> ignoredPaths) {
    this.store = Objects.requireNonNull(store, "store");
    this.ignored = List.copyOf(ignoredPaths);
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
    JsonNode patch = JsonDiff.asJson(previous.get(), current, FLAGS);
    if (!changes(kind, patch)) {
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

  /** Whether an operation of {@code patch} touches a path outside the noise and ignored paths. */
  private boolean changes(String kind, JsonNode patch) {
    for (JsonNode operation : patch) {
      String pointer = operation.path("path").asText();
      if (!covered(kind, pointer, NOISE) && !covered(kind, pointer, ignored)) {
        return true;
      }
    }
    return false;
  }

  private static boolean covered(String kind, String pointer, List<PathRule> rules) {
    for (PathRule rule : rules) {
      if (rule.appliesTo(kind) && rule.covers(pointer)) {
        return true;
      }
    }
    return false;
  }
}
