package dev.kew.producer.diff;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The last published (sanitized) form of each object, by UID: what the next patch is computed from.
 * Kept small on purpose so that another store (for example one rebuilt from a Kafka state topic at
 * start) can replace the in-memory one.
 */
public interface LastPublished {

  /** The last published form of the object, if known. */
  Optional<JsonNode> get(String uid);

  void put(String uid, JsonNode object);

  void remove(String uid);

  /** How many objects are kept. */
  int size();
}
