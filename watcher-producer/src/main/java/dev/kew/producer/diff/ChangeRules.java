package dev.kew.producer.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.flipkart.zjsonpatch.DiffFlags;
import com.flipkart.zjsonpatch.JsonDiff;
import dev.kew.producer.paths.PathRule;
import java.util.EnumSet;
import java.util.List;

/**
 * Which differences between two versions of an object are a change: a JSON Patch operation on a
 * path outside the noise and the configured ignored paths. The producer publishes only changes
 * ({@link ChangeTracker}); the audit counts a live object whose only differences from its last
 * event are not changes as in step.
 *
 * <p>Paths that never count as a change: {@code metadata.managedFields}, {@code
 * metadata.resourceVersion} (new on every write) and {@code metadata.generation} (it moves only
 * with a change of {@code spec} that shows by itself). The patch itself is exact: applied to the
 * older object it gives the newer one, ignored paths included, and every replace operation carries
 * the old value as {@code fromValue}.
 */
public final class ChangeRules {

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

  private final List<PathRule> ignored;

  /**
   * @param ignoredPaths paths whose changes alone are not a change, besides {@link #NOISE}
   */
  public ChangeRules(List<PathRule> ignoredPaths) {
    this.ignored = List.copyOf(ignoredPaths);
  }

  /** The exact JSON Patch from {@code before} to {@code after}. */
  public JsonNode patch(JsonNode before, JsonNode after) {
    return JsonDiff.asJson(before, after, FLAGS);
  }

  /** Whether an operation of {@code patch} touches a path outside the noise and ignored paths. */
  public boolean changes(String kind, JsonNode patch) {
    for (JsonNode operation : patch) {
      String pointer = operation.path("path").asText();
      if (!covered(kind, pointer, NOISE) && !covered(kind, pointer, ignored)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code after} differs from {@code before} by a change. */
  public boolean changed(String kind, JsonNode before, JsonNode after) {
    return changes(kind, patch(before, after));
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
