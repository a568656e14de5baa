package dev.kew.history.index;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.MalformedEventException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes an envelope for the index only, without building its whole object: of {@code object} it
 * keeps {@code metadata.labels} and the nodes each patch operation's path walks (with the {@code
 * name} of every object on the way, which names array elements in summaries); the rest is skipped
 * token by token. The full object is read back from Kafka by offset when asked. The envelope is
 * then checked and bound by {@link EventCodec#fromTree}, as {@link EventCodec#fromBytes} does, so
 * the same records are accepted and refused. When {@code object} comes before {@code patch} (our
 * producer writes it last) it is read whole.
 */
public final class ProjectedEnvelope {

  /** More patch operations than this: the object is read whole rather than a large path tree. */
  static final int MAX_WALKED_PATHS = 256;

  private static final ObjectMapper MAPPER = EventCodec.mapper();
  private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

  /** The nodes of the object to keep: a tree of property names (or array indices). */
  private static final class Walk {
    private final Map<String, Walk> children = new HashMap<>();
    private boolean whole;

    Walk child(String token) {
      return children.computeIfAbsent(token, t -> new Walk());
    }

    /** The child at array index {@code i}: a token written as that number. */
    Walk element(int i) {
      for (Map.Entry<String, Walk> c : children.entrySet()) {
        String token = c.getKey();
        if (!token.isEmpty()
            && token.length() <= 9
            && token.chars().allMatch(Character::isDigit)
            && Integer.parseInt(token) == i) {
          return c.getValue();
        }
      }
      return null;
    }
  }

  private ProjectedEnvelope() {}

  /**
   * The envelope in {@code bytes}, its object pruned as above.
   *
   * @throws MalformedEventException when the bytes are not JSON or not a valid envelope
   */
  public static ChangeEvent read(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new MalformedEventException("empty record value", null);
    }
    try (JsonParser parser = MAPPER.getFactory().createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedEventException("not an event envelope: not a JSON object", null);
      }
      ObjectNode envelope = NODES.objectNode();
      JsonNode patch = null;
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        JsonNode value;
        if (field.equals("object") && token == JsonToken.START_OBJECT && patch != null) {
          value = pruned(parser, walk(patch));
        } else {
          value = parser.readValueAsTree();
          if (value == null) {
            value = NullNode.getInstance();
          }
        }
        if (field.equals("patch")) {
          patch = value;
        }
        envelope.set(field, value);
      }
      return EventCodec.fromTree(envelope);
    } catch (JacksonException e) {
      throw new MalformedEventException("not an event envelope: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What to keep of the object: its labels and the path of every operation of {@code patch}. */
  private static Walk walk(JsonNode patch) {
    Walk root = new Walk();
    root.child("metadata").child("labels").whole = true;
    if (!patch.isArray() || patch.size() > MAX_WALKED_PATHS) {
      root.whole = true;
      return root;
    }
    for (JsonNode op : patch) {
      String pointer = op.path("path").asText("");
      JsonPointer tokens;
      try {
        tokens = JsonPointer.compile(pointer);
      } catch (IllegalArgumentException e) {
        continue; // not a pointer: nothing of the object is looked up for it
      }
      Walk at = root;
      for (JsonPointer p = tokens; !p.matches(); p = p.tail()) {
        at = at.child(p.getMatchingProperty());
      }
    }
    return root;
  }

  /** The container the parser is at, keeping what {@code walk} names; the parser ends past it. */
  private static JsonNode pruned(JsonParser parser, Walk walk) throws IOException {
    if (walk.whole) {
      return parser.readValueAsTree();
    }
    if (parser.currentToken() == JsonToken.START_ARRAY) {
      ArrayNode out = NODES.arrayNode();
      for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
        Walk element = walk.element(i);
        out.add(element == null ? skipped(parser) : kept(parser, element));
      }
      return out;
    }
    ObjectNode out = NODES.objectNode();
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      parser.nextToken();
      Walk child = walk.children.get(field);
      if (child != null) {
        out.set(field, kept(parser, child));
      } else if (field.equals("name") && parser.currentToken().isScalarValue()) {
        out.set(field, parser.readValueAsTree());
      } else {
        parser.skipChildren();
      }
    }
    return out;
  }

  private static JsonNode kept(JsonParser parser, Walk walk) throws IOException {
    return parser.currentToken().isStructStart() ? pruned(parser, walk) : parser.readValueAsTree();
  }

  private static JsonNode skipped(JsonParser parser) throws IOException {
    parser.skipChildren();
    return NullNode.getInstance();
  }
}
