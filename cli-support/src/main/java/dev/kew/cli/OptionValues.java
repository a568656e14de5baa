package dev.kew.cli;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads option values given as text (a flag, or the environment variable behind its default) and
 * reports each invalid one to a {@link Validation}, naming the flag and the variable, so that a
 * command reports every problem at once. An invalid value yields a harmless stand-in that is never
 * used: {@link Validation#throwIfInvalid} stops the command first.
 */
public final class OptionValues {

  private final Validation validation;

  public OptionValues(Validation validation) {
    this.validation = validation;
  }

  /**
   * Trimmed, non-blank, distinct values: {@code KEW_NAMESPACES=""} or a trailing comma add none.
   */
  public static List<String> list(List<String> values) {
    return values == null
        ? List.of()
        : values.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /** The trimmed value; empty when it is null or blank (an env var set to ""). */
  public static Optional<String> optional(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** {@code true} or {@code false} in any case; absent (null) is {@code false}. */
  public boolean trueOrFalse(String text, String flag, String env) {
    String value = text == null ? "false" : text.trim();
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return value.equalsIgnoreCase("true");
    }
    validation.add(named(flag, env) + " must be true or false, was '" + text + "'");
    return false;
  }

  /** A whole number of at least {@code min}. */
  public int wholeNumber(String text, String flag, String env, int min) {
    return (int) wholeNumber(text, flag, env, min, Integer.MAX_VALUE);
  }

  /** A whole number from {@code min} to {@code max}. */
  public long wholeNumber(String text, String flag, String env, long min, long max) {
    try {
      long value = Long.parseLong(text == null ? "" : text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    String range =
        max == Integer.MAX_VALUE ? "of " + min + " or more" : "from " + min + " to " + max;
    validation.add(named(flag, env) + " must be a whole number " + range + ", was '" + text + "'");
    return min;
  }

  /**
   * A decimal number from {@code min} to {@code max}.
   *
   * @param what what the value must be, for the message, e.g. {@code a number of changes per second
   *     from 0 (none) to 1000}
   */
  public double decimal(String text, String flag, String env, double min, double max, String what) {
    try {
      double value = Double.parseDouble(text == null ? "" : text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    validation.add(named(flag, env) + " must be " + what + ", was '" + text + "'");
    return min;
  }

  /** A TCP port; 0 (any free port) only when {@code zeroAllowed}. */
  public int port(String text, String flag, String env, boolean zeroAllowed) {
    try {
      int port = Integer.parseInt(text == null ? "" : text.trim());
      if (port >= (zeroAllowed ? 0 : 1) && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    validation.add(
        named(flag, env)
            + " must be a port number from "
            + (zeroAllowed ? "0 (any free port)" : "1")
            + " to 65535, was '"
            + text
            + "'");
    return -1;
  }

  /** A duration longer than zero, such as {@code 45s} ({@link DurationConverter}). */
  public Duration positiveDuration(String text, String flag, String env) {
    return duration(text, flag, env, false);
  }

  /** A duration longer than zero, or {@code 0} (which usually turns something off). */
  public Duration durationOrZero(String text, String flag, String env) {
    if (text != null && text.trim().equals("0")) {
      return Duration.ZERO;
    }
    return duration(text, flag, env, true);
  }

  /** A duration longer than zero; empty when the text is blank (the flag was not given). */
  public Optional<Duration> optionalDuration(String text, String flag, String env) {
    return optional(text).map(given -> positiveDuration(given, flag, env));
  }

  private Duration duration(String text, String flag, String env, boolean zeroAllowed) {
    try {
      Duration value = DurationConverter.parse(text);
      if (value.isNegative() || value.isZero() && !zeroAllowed) {
        validation.add(
            named(flag, env)
                + " must be "
                + (zeroAllowed ? "0 or a positive duration" : "a positive duration")
                + ", was '"
                + text
                + "'");
      }
      return value;
    } catch (TypeConversionException e) {
      validation.add(named(flag, env) + ": " + e.getMessage());
      return Duration.ZERO;
    }
  }

  /** {@code --flag (env NAME)}: how every message names a setting. */
  public static String named(String flag, String env) {
    return flag + " (env " + env + ")";
  }
}
