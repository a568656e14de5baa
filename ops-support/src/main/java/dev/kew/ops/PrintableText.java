package dev.kew.ops;

/**
 * Makes text that came from outside (topic data, a sink's answer, an exception message) safe to
 * print on one line of a terminal or a log: control characters are escaped and overlong text is cut
 * with a visible marker, so no value can start a line of its own, move the cursor or reorder what a
 * reader sees.
 *
 * <p>Escaped: C0 controls ({@code \n}, {@code \r}, {@code \t}, others as {@code \u001b}), DEL and
 * C1 controls, the line and paragraph separators U+2028/U+2029, and the bidirectional marks and
 * overrides U+200E/U+200F, U+202A-U+202E and U+2066-U+2069 (as {@code \u202e}). A backslash is left
 * as it is, so escaping twice changes nothing.
 */
public final class PrintableText {

  private PrintableText() {}

  /** {@code text} with every control character escaped; {@code "null"} for null. */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    int first = 0;
    while (first < text.length() && !needsEscape(text.charAt(first))) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!needsEscape(c)) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  /**
   * {@code text} escaped, then cut to {@code max} characters followed by a marker saying how many
   * were left out: {@code web-aaaa…[+19747 chars]}.
   */
  public static String cut(String text, int max) {
    String escaped = escape(text);
    if (escaped.length() <= max) {
      return escaped;
    }
    int end = Character.isHighSurrogate(escaped.charAt(max - 1)) ? max - 1 : max;
    return escaped.substring(0, end) + "…[+" + (escaped.length() - end) + " chars]";
  }

  /** Whether {@code c} is one of the characters {@link #escape} escapes. */
  public static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u200e'
        || c == '\u200f'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
