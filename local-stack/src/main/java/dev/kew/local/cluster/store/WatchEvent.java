package dev.kew.local.cluster.store;

import java.nio.charset.StandardCharsets;

/**
 * One event of a watch stream: {@code {"type":TYPE,"object":OBJECT}}, the object being the stored
 * JSON (ADDED, MODIFIED, DELETED), a bookmark's partial object or an error's {@code Status}.
 */
public record WatchEvent(String type, byte[] object) {

  private static final byte[] MIDDLE = "\",\"object\":".getBytes(StandardCharsets.US_ASCII);

  /** The event as one JSON document, without a line end. */
  public byte[] toJson() {
    byte[] head = ("{\"type\":\"" + type).getBytes(StandardCharsets.US_ASCII);
    byte[] json = new byte[head.length + MIDDLE.length + object.length + 1];
    System.arraycopy(head, 0, json, 0, head.length);
    System.arraycopy(MIDDLE, 0, json, head.length, MIDDLE.length);
    System.arraycopy(object, 0, json, head.length + MIDDLE.length, object.length);
    json[json.length - 1] = '}';
    return json;
  }
}
