package dev.kew.history.query;

import dev.kew.cli.DurationConverter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.TypeConversionException;

/**
 * A moment as people write it, in the manner of Grafana: ISO-8601 ({@code 2026-11-25T10:42:00Z},
 * {@code 2026-11-25T10:42:00+01:00}), {@code now}, or {@code now-1h} ({@code ms}, {@code s}, {@code
 * m}, {@code h}, {@code d}).
 */
public final class TimeExpression {

  private TimeExpression() {}

  /**
   * The moment {@code text} names, relative to {@code clock}.
   *
   * @throws IllegalArgumentException with a sentence that says what would work
   */
  public static Instant parse(String text, Clock clock) {
    String value = text == null ? "" : text.trim();
    if (value.equals("now")) {
      return clock.instant();
    }
    if (value.startsWith("now-")) {
      try {
        Duration back = DurationConverter.parse(value.substring(4));
        return clock.instant().minus(back);
      } catch (TypeConversionException e) {
        throw invalid(text);
      }
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'"
            + text
            + "' is not a time: use ISO-8601 (2026-11-25T10:42:00Z), now, or now-DURATION"
            + " (now-15m, now-2h, now-7d)");
  }
}
