package dev.kew.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the producer learned of a change: from a watch notification, or by comparing a listing of the
 * cluster with what it had published (after its own restart, a relist or a pause).
 */
public enum EventOrigin {
  /** A watch notification. */
  WATCH,
  /** Reconciliation of a listing with the last published state. */
  RESYNC;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The origin named {@code text}, or {@code null} for one this reader does not know. */
  @JsonCreator
  public static EventOrigin fromJson(String text) {
    for (EventOrigin origin : values()) {
      if (origin.json().equals(text)) {
        return origin;
      }
    }
    return null;
  }
}
