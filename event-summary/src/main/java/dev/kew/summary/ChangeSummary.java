package dev.kew.summary;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.model.ChangeEvent;
import dev.kew.ops.PrintableText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A compact, one-line account of a MODIFIED event's JSON Patch, for people: {@code spec.replicas
 * 2->5, spec.template.spec.containers[web].image nginx:1.25->nginx:1.27}.
 *
 * <ul>
 *   <li>Paths are dotted; an array element that has a {@code name} (containers, env, ports) shows
 *       as {@code [name]}, others as {@code [index]}.
 *   <li>{@code path old->new} for a replaced value, {@code path +new} for an added one, {@code path
 *       removed}; objects show as their keys ({@code metadata.labels +{app, tier}}), arrays as
 *       {@code […]}, long values are shortened, a replaced pair first losing the start both share
 *       ({@code …/web:1.4.2->…/web:1.5.0}).
 *   <li>A redacted value (a Secret's, {@code <redacted sha256:…>}) is never shown: {@code
 *       data.password changed}.
 *   <li>Array indices past any array ({@code [99999999999]}) are shown, not looked up; paths longer
 *       than {@value #MAX_PATH_CHARS} characters are cut; only the first {@value #MAX_PATHS}
 *       operations are described, however long the patch.
 *   <li>Bookkeeping that changes on every write ({@code metadata.resourceVersion}, {@code
 *       metadata.generation}, {@code metadata.managedFields}) is left out; at most {@value
 *       #MAX_PATHS} paths are listed, then {@code +N more}.
 * </ul>
 */
public final class ChangeSummary {

  /** Paths listed before {@code +N more}. */
  public static final int MAX_PATHS = 3;

  /** Longest value shown whole; longer ones are cut with an ellipsis. */
  public static final int MAX_VALUE_CHARS = 32;

  /** Longest path shown; longer ones are cut with a marker. */
  static final int MAX_PATH_CHARS = 120;

  /** Longer pointers are shown as text, not walked (no Kubernetes object is that deep). */
  private static final int MAX_POINTER_CHARS = 4096;

  /** An index with more digits is past any array (and past {@code int}): not looked up. */
  private static final int MAX_INDEX_DIGITS = 9;

  private static final Set<String> BOOKKEEPING =
      Set.of("/metadata/resourceVersion", "/metadata/generation");

  /** A JSON Pointer token that is an array index, or {@code -} (past the end). */
  private static final Pattern ARRAY_INDEX = Pattern.compile("\\d+|-");

  private ChangeSummary() {}

  /** The summary of the event's patch; empty when it has none or it changes only bookkeeping. */
  public static Optional<String> of(ChangeEvent event) {
    JsonNode patch = event.patch();
    if (patch == null || !patch.isArray()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    int more = 0;
    for (JsonNode op : patch) {
      String pointer = op.path("path").asText();
      if (BOOKKEEPING.contains(pointer) || pointer.startsWith("/metadata/managedFields")) {
        continue;
      }
      if (parts.size() < MAX_PATHS) {
        parts.add(describe(op, event.object()));
      } else {
        more++;
      }
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    String shown = String.join(", ", parts);
    return Optional.of(more > 0 ? shown + ", +" + more + " more" : shown);
  }

  private static String describe(JsonNode op, JsonNode object) {
    String kind = op.path("op").asText();
    boolean resolveNames = kind.equals("replace") || kind.equals("add");
    String path = readablePath(op.path("path").asText(), resolveNames ? object : null);
    JsonNode value = op.get("value");
    JsonNode from = op.get("fromValue");
    return switch (kind) {
      case "replace" ->
          redacted(value) || redacted(from)
              ? path + " changed"
              : path + ' ' + replaced(from, value);
      case "add" -> redacted(value) ? path + " added" : path + " +" + show(value);
      case "remove" -> path + " removed";
      default -> path + ' ' + kind;
    };
  }

  /**
   * {@code /spec/template/spec/containers/0/image} as {@code
   * spec.template.spec.containers[web].image}, naming array elements from {@code object} when
   * given.
   */
  static String readablePath(String pointer, JsonNode object) {
    if (!pointer.startsWith("/") || pointer.length() > MAX_POINTER_CHARS) {
      // the whole document, not a JSON Pointer, or too long to be one of a Kubernetes object
      return PrintableText.cut(pointer, MAX_PATH_CHARS);
    }
    StringBuilder path = new StringBuilder();
    JsonNode node = object;
    for (JsonPointer tokens = JsonPointer.compile(pointer); !tokens.matches(); ) {
      String token = tokens.getMatchingProperty();
      tokens = tokens.tail();
      if ((node == null || node.isArray()) && ARRAY_INDEX.matcher(token).matches()) {
        JsonNode element =
            node == null || token.length() > MAX_INDEX_DIGITS ? null : node.get(index(token));
        String name = element == null ? null : element.path("name").asText(null);
        path.append('[').append(name != null ? name : token).append(']');
        node = element;
      } else {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(token);
        node = node == null ? null : node.get(token);
      }
    }
    return PrintableText.cut(path.toString(), MAX_PATH_CHARS);
  }

  /** An array index token as a number; {@code -} (past the end) as -1, which finds nothing. */
  private static int index(String token) {
    return token.equals("-") ? -1 : Integer.parseInt(token);
  }

  private static boolean redacted(JsonNode value) {
    return value != null && value.isTextual() && value.asText().startsWith("<redacted ");
  }

  /**
   * {@code old->new}. When either is too long to show whole, the start they share, up to its last
   * {@code /} or space, is cut from both first: {@code …/web:1.4.2->…/web:1.5.0}, not two
   * identical-looking heads.
   */
  private static String replaced(JsonNode from, JsonNode to) {
    String before = from == null ? "" : text(from);
    String after = text(to);
    if (before.length() > MAX_VALUE_CHARS || after.length() > MAX_VALUE_CHARS) {
      int stem = sharedStem(before, after);
      if (stem > 0) {
        before = "…" + before.substring(stem);
        after = "…" + after.substring(stem);
      }
    }
    return shorten(before) + "->" + shorten(after);
  }

  /** The length of the start both share, cut back to its last {@code /} or space (kept shown). */
  private static int sharedStem(String a, String b) {
    int shared = 0;
    while (shared < a.length() && shared < b.length() && a.charAt(shared) == b.charAt(shared)) {
      shared++;
    }
    for (int i = shared - 1; i > 0; i--) {
      if (a.charAt(i) == '/' || a.charAt(i) == ' ') {
        return i;
      }
    }
    return 0;
  }

  private static String show(JsonNode value) {
    return shorten(text(value));
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isObject()) {
      return keys(value);
    }
    if (value.isArray()) {
      return "[…]";
    }
    return value.asText().replace('\n', ' ');
  }

  /**
   * An object as its keys, {@code {app, tier, …}}: never its values, which may be long or secret.
   */
  private static String keys(JsonNode object) {
    StringBuilder text = new StringBuilder("{");
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (text.length() > 1 && text.length() + name.length() > MAX_VALUE_CHARS) {
        return text.append("…}").toString();
      }
      text.append(name).append(names.hasNext() ? ", " : "");
    }
    return text.append('}').toString();
  }

  private static String shorten(String text) {
    return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS - 1) + "…";
  }
}
