package dev.kew.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as people write them: {@code 500ms}, {@code 45s}, {@code 10m}, {@code 2h}, {@code
 * 7d}, or ISO-8601 such as {@code PT45S}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /**
   * Parses one duration.
   *
   * @throws TypeConversionException with a sentence that says what would work
   */
  public static Duration parse(String value) {
    String text = value == null ? "" : value.trim();
    Matcher m = SHORT.matcher(text);
    try {
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      if (text.startsWith("P") || text.startsWith("p")) {
        return Duration.parse(text);
      }
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      // fall through to the one message below
    }
    throw new TypeConversionException(
        "'" + value + "' is not a duration: use e.g. 500ms, 45s, 10m, 2h, 7d or ISO-8601 PT45S");
  }
}
