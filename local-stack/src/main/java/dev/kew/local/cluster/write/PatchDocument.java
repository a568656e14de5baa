package dev.kew.local.cluster.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import dev.kew.local.cluster.store.ApiError;
import dev.kew.local.cluster.store.Json;
import dev.kew.local.cluster.store.ResourceType;
import java.io.IOException;
import java.util.Locale;

/**
 * The body of a PATCH, read once for its media type: JSON Patch (RFC 6902, by zjsonpatch), JSON
 * merge patch (RFC 7386) or strategic-merge patch (built-in kinds only, as kube-apiserver); it
 * patches any number of states without changing them.
 */
public final class PatchDocument {

  public static final String JSON_PATCH = "application/json-patch+json";
  public static final String MERGE_PATCH = "application/merge-patch+json";
  public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  public static final String APPLY_PATCH = "application/apply-patch+yaml";

  private final String media;
  private final JsonNode document;

  private PatchDocument(String media, JsonNode document) {
    this.media = media;
    this.document = document;
  }

  /**
   * Reads {@code patch} sent as {@code contentType} for an object of {@code type}.
   *
   * @throws ApiError 415 for server-side apply, strategic merge on a custom kind, or another type;
   *     400 when the body is not JSON
   */
  static PatchDocument read(ResourceType type, String contentType, byte[] patch) {
    String media =
        contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (media.equals(APPLY_PATCH)) {
      throw new ApiError(
          415,
          "UnsupportedMediaType",
          "server-side apply is not supported by the simulated cluster; use 'kubectl apply'"
              + " without --server-side, or a merge patch");
    }
    if (media.equals(STRATEGIC_MERGE_PATCH) && type.custom()) {
      throw new ApiError(
          415,
          "UnsupportedMediaType",
          "strategic merge patch is not supported for custom resources; use --type merge or"
              + " --type json");
    }
    if (!media.equals(JSON_PATCH)
        && !media.equals(MERGE_PATCH)
        && !media.equals(STRATEGIC_MERGE_PATCH)) {
      throw new ApiError(
          415,
          "UnsupportedMediaType",
          "the patch type \""
              + media
              + "\" is not supported; use "
              + String.join(", ", JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH));
    }
    try {
      return new PatchDocument(media, Json.MAPPER.readTree(patch));
    } catch (IOException e) {
      throw ApiError.badRequest("the patch is not valid JSON");
    }
  }

  /**
   * {@code current} patched, as a new object ({@code current} stays as it was).
   *
   * @throws ApiError when the patch cannot be applied or its result is not an object
   */
  ObjectNode applyTo(ObjectNode current) {
    JsonNode patched =
        switch (media) {
          case JSON_PATCH -> jsonPatch(current);
          case MERGE_PATCH -> MergePatch.apply(current, document);
          default -> {
            if (!(document instanceof ObjectNode smp)) {
              throw ApiError.badRequest("a strategic merge patch must be a JSON object");
            }
            yield StrategicMergePatch.apply(current.deepCopy(), smp);
          }
        };
    if (!(patched instanceof ObjectNode next)) {
      throw ApiError.invalid("the patched object is not a JSON object");
    }
    return next;
  }

  private JsonNode jsonPatch(ObjectNode current) {
    if (!document.isArray()) {
      throw ApiError.badRequest("a JSON patch must be a JSON array of operations");
    }
    try {
      return JsonPatch.apply(document, current); // applies to a copy
    } catch (JsonPatchApplicationException | IllegalArgumentException e) {
      throw ApiError.invalid("the JSON patch could not be applied: " + e.getMessage());
    }
  }
}
