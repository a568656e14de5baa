package dev.kew.history.index;

/**
 * Bounds every string read from the topic before it is indexed or answered: control characters
 * become U+FFFD and a long value is cut with an ellipsis, so one hostile record can neither bloat
 * the index nor break a line of output.
 */
public final class Text {

  /** Longest identity field kept (Kubernetes names are at most 253 characters). */
  public static final int MAX_FIELD = 512;

  private Text() {}

  /** {@code value} with control characters replaced, cut to {@code max} characters. */
  public static String clip(String value, int max) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), max + 1));
    for (int i = 0; i < value.length() && out.length() < max; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? '\uFFFD' : c);
    }
    if (value.length() > max) {
      if (Character.isHighSurrogate(out.charAt(out.length() - 1))) {
        out.setLength(out.length() - 1);
      }
      out.append('…');
    }
    return out.toString();
  }

  /** {@link #clip(String, int)} at {@link #MAX_FIELD}. */
  public static String field(String value) {
    return clip(value, MAX_FIELD);
  }
}
