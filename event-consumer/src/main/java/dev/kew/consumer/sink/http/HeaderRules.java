package dev.kew.consumer.sink.http;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a configured request header may be, checked at start so a bad one never fails the first
 * delivery: a name that is an RFC 9110 token, not one the HTTP client manages ({@code Host}, {@code
 * Content-Length}, ...) nor one the sink sets itself; a value of visible characters, spaces and
 * tabs, at most {@value #MAX_VALUE_CHARS} characters.
 */
public final class HeaderRules {

  static final int MAX_VALUE_CHARS = 8192;

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
  private static final Pattern VALUE = Pattern.compile("[\\t\\x20-\\x7e\\x80-\\xff]*");

  /** Managed by the JDK's HttpClient, which refuses to send them as given. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private HeaderRules() {}

  /**
   * The problem with header {@code name: value}, never echoing the value (it may be a credential).
   *
   * @param reserved lower-case names the sink sets itself
   */
  public static Optional<String> problem(String name, String value, Set<String> reserved) {
    if (!TOKEN.matcher(name).matches()) {
      return Optional.of("is not a valid header name (letters, digits and !#$%&'*+.^_`|~-)");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (RESTRICTED.contains(lower) || reserved.contains(lower)) {
      return Optional.of("is set by the consumer itself and cannot be configured");
    }
    if (value.length() > MAX_VALUE_CHARS || !VALUE.matcher(value).matches()) {
      return Optional.of(
          "has a value with control characters (CR, LF, ...) or longer than "
              + MAX_VALUE_CHARS
              + " characters");
    }
    return Optional.empty();
  }
}
