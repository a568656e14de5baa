package dev.kew.producer.diff;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * The last published (sanitized) form of each object, by UID: what the next patch is computed from.
 * At start it is rebuilt from the Kafka state topic (see {@code dev.kew.producer.reconcile}).
 */
public interface LastPublished {

  /** The last published form of the object, if known. */
  Optional<JsonNode> get(String uid);

  void put(String uid, JsonNode object);

  void remove(String uid);

  /** How many objects are kept. */
  int size();

  /** The UIDs of the objects kept, as a snapshot. */
  Set<String> uids();
}
