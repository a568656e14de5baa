package dev.kew.bench.latency;

import java.util.Locale;

/**
 * Identifies one change both where it was written and where its line appears: type, kind, {@code
 * namespace/name} and resourceVersion (empty for DELETED, which the mock reports with the object's
 * last resourceVersion and a client's delete does not return).
 */
public record ChangeKey(String type, String kind, String name, String resourceVersion) {

  public static ChangeKey of(String type, String kind, String name, String resourceVersion) {
    String t = type.toUpperCase(Locale.ROOT);
    return new ChangeKey(
        t, kind.toLowerCase(Locale.ROOT), name, t.equals("DELETED") ? "" : resourceVersion);
  }
}
