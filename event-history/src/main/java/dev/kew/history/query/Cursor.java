package dev.kew.history.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of events newest first stopped: the sort values of its last event (time in epoch
 * milliseconds, partition, offset), written as an opaque URL-safe token. The same on every
 * instance, since it names the event, not a position in one index.
 */
public record Cursor(long timeMillis, int partition, long offset) {

  /** The token for the API. */
  public String token() {
    String plain = timeMillis + "." + partition + "." + offset;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Reads a token.
   *
   * @throws IllegalArgumentException when it is not one this API gave out
   */
  public static Cursor parse(String token) {
    try {
      String plain =
          new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.US_ASCII);
      String[] parts = plain.split("\\.", -1);
      if (parts.length == 3) {
        return new Cursor(
            Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
      }
    } catch (IllegalArgumentException e) {
      // one message below
    }
    throw new IllegalArgumentException(
        "cursor is not a token this API gave out (take it from a page's nextCursor)");
  }
}
