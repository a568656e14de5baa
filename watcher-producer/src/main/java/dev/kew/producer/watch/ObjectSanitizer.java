package dev.kew.producer.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.producer.redact.Redactor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Objects;

/**
 * Makes the form of an informer's object that is published: a JSON tree copied from it (the
 * informer's cached object is never touched), without {@code metadata.managedFields}, sensitive
 * values redacted ({@link Redactor}). Whatever is read from {@code managedFields} is read from the
 * informer's object, which keeps it ({@link ChangedBy}). Safe to call from many threads.
 */
public final class ObjectSanitizer {

  /**
   * Copies objects into trees without writing and parsing their JSON text: Jackson 2 reads the
   * model's annotations (shared with fabric8's Jackson 3). Integers get the smallest node that
   * holds them, as when parsing text (fabric8 keeps e.g. {@code metadata.generation} as a {@code
   * Long}), so trees compare equal whichever way they were made (ChangeEventHandlerTest checks).
   */
  private static final ObjectMapper TREES =
      JsonMapper.builder()
          .nodeFactory(
              new JsonNodeFactory() {
                private static final long serialVersionUID = 1L;

                @Override
                public NumericNode numberNode(long v) {
                  return v == (int) v ? numberNode((int) v) : super.numberNode(v);
                }
              })
          .build();

  private final Redactor redactor;

  public ObjectSanitizer(Redactor redactor) {
    this.redactor = Objects.requireNonNull(redactor, "redactor");
  }

  /**
   * The object as a JSON tree without {@code metadata.managedFields}, sensitive values redacted.
   */
  public JsonNode sanitize(GenericKubernetesResource object) {
    JsonNode tree = TREES.valueToTree(object);
    if (tree.path("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
    }
    if (tree instanceof ObjectNode root) {
      redactor.redact(root);
    }
    return tree;
  }
}
