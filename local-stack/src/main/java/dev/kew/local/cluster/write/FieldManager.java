package dev.kew.local.cluster.write;

import dev.kew.local.cluster.store.ApiError;

/**
 * Who a write is recorded for in managedFields, as kube-apiserver names it: the request's {@code
 * fieldManager} parameter, else its User-Agent up to the first {@code /} with unprintable
 * characters dropped and cut to 128 characters ({@code kubectl/v1.32.0 (linux/amd64)} gives {@code
 * kubectl}).
 */
public final class FieldManager {

  public static final int MAX_LENGTH = 128;

  private FieldManager() {}

  /**
   * @throws ApiError 400 when {@code fieldManager} is given but longer than 128 characters or holds
   *     unprintable characters
   */
  public static String of(String fieldManager, String userAgent) {
    if (fieldManager != null && !fieldManager.isEmpty()) {
      if (fieldManager.length() > MAX_LENGTH || !printable(fieldManager)) {
        throw ApiError.badRequest(
            "fieldManager must be at most "
                + MAX_LENGTH
                + " printable characters, was "
                + fieldManager.length()
                + " characters");
      }
      return fieldManager;
    }
    String agent = userAgent == null ? "" : userAgent;
    int slash = agent.indexOf('/');
    StringBuilder name = new StringBuilder();
    for (char c : (slash < 0 ? agent : agent.substring(0, slash)).toCharArray()) {
      if (name.length() == MAX_LENGTH) {
        break;
      }
      if (c >= 0x20 && c < 0x7f) {
        name.append(c);
      }
    }
    return name.isEmpty() ? "unknown" : name.toString();
  }

  private static boolean printable(String value) {
    return value.chars().allMatch(c -> c >= 0x20 && c != 0x7f);
  }
}
