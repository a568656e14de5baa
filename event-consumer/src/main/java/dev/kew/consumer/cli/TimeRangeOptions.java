package dev.kew.consumer.cli;

import dev.kew.cli.DurationConverter;
import dev.kew.cli.Validation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** A window of event times to read: --since and --until. */
final class TimeRangeOptions {

  @Option(
      names = "--since",
      paramLabel = "TIME",
      defaultValue = "${env:KEW_SINCE}",
      description =
          "Start at the first event at or after this time: a duration back from now (2h, 30m)"
              + " or an ISO-8601 time (2026-11-24T14:00:00Z); like --from-beginning, without"
              + " --group it uses a fresh group (env KEW_SINCE).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      defaultValue = "${env:KEW_UNTIL}",
      description =
          "Stop with exit code 0 at the first event after this time (a duration back from now or"
              + " an ISO-8601 time), once every partition got there (env KEW_UNTIL).")
  String until;

  Optional<Instant> since(Instant now, Validation v) {
    return time(since, "--since (env KEW_SINCE)", now, v);
  }

  Optional<Instant> until(Instant now, Validation v) {
    return time(until, "--until (env KEW_UNTIL)", now, v);
  }

  /** A duration back from {@code now} ({@code 2h}) or an ISO-8601 time. */
  private static Optional<Instant> time(String text, String flag, Instant now, Validation v) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String value = text.trim();
    try {
      Instant back = now.minus(DurationConverter.parse(value));
      return Optional.of(back.isBefore(Instant.EPOCH) ? Instant.EPOCH : back);
    } catch (TypeConversionException notADuration) {
      try {
        return Optional.of(OffsetDateTime.parse(value).toInstant());
      } catch (DateTimeParseException notATime) {
        v.add(
            flag
                + " must be a duration back from now such as 2h or an ISO-8601 time such as"
                + " 2026-11-24T14:00:00Z, was '"
                + text
                + "'");
        return Optional.empty();
      }
    }
  }
}
