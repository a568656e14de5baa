package dev.kew.local.cluster.store;

/**
 * Reads the resourceVersion parameters of lists and watches as kube-apiserver does: which snapshot
 * a list reads ({@code continue}, {@code resourceVersionMatch=Exact}, or the latest state) and
 * which resourceVersions are valid, too new or already compacted.
 */
final class ResourceVersions {

  /** Where a list starts: its snapshot, and the first key (null: the first of the scope). */
  record ListStart(long snapshot, String startKey) {}

  private ResourceVersions() {}

  /**
   * @param current the store's latest resourceVersion
   * @throws ApiError 400 for a bad token or parameter, 410 Expired for a compacted snapshot, 504
   *     for a resourceVersion newer than {@code current}
   */
  static ListStart listStart(
      ObjectTable table,
      String namespace,
      String resourceVersion,
      String match,
      String continueToken,
      long current) {
    if (continueToken != null && !continueToken.isBlank()) {
      ContinueToken token = ContinueToken.decode(continueToken);
      if (token.resourceVersion() > current
          || (namespace != null && !token.start().startsWith(namespace + "/"))) {
        throw ApiError.badRequest("continue key is not valid for this list");
      }
      if (token.resourceVersion() < table.compactedRv) {
        throw ApiError.expired(
            "The provided continue parameter is too old to display a consistent list result."
                + " You can start a new list without the continue parameter.");
      }
      return new ListStart(token.resourceVersion(), token.start());
    }
    if ("Exact".equals(match)) {
      long snapshot = requested(resourceVersion, current);
      if (snapshot < table.compactedRv) {
        throw ApiError.expired(
            "too old resource version: " + snapshot + " (" + table.compactedRv + ")");
      }
      return new ListStart(snapshot, null);
    }
    if (match != null && !match.isEmpty() && !match.equals("NotOlderThan")) {
      throw ApiError.badRequest("unsupported resourceVersionMatch \"" + match + "\"");
    }
    if (resourceVersion != null && !resourceVersion.isEmpty()) {
      requested(resourceVersion, current);
    }
    return new ListStart(current, null);
  }

  /** {@code resourceVersion} as a number no newer than {@code current}. */
  private static long requested(String resourceVersion, long current) {
    long requested = parse(resourceVersion);
    if (requested > current) {
      throw new ApiError(
          504, "Timeout", "Too large resource version: " + requested + ", current: " + current);
    }
    return requested;
  }

  static long parse(String resourceVersion) {
    try {
      long value = Long.parseLong(resourceVersion);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(
          "invalid resourceVersion \"" + resourceVersion + "\": a resourceVersion is a number");
    }
  }
}
