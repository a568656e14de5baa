package dev.kew.local.cli;

import dev.kew.cli.DurationConverter;
import dev.kew.cli.Validation;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses option values given as text, so that every invalid one is reported at once, naming its
 * flag and environment variable.
 */
final class OptionValues {

  /** Where the project lives when neither -Dkew.home nor KEW_HOME says: the current directory. */
  static final String HOME_DEFAULT = "${sys:kew.home:-${env:KEW_HOME:-.}}";

  private OptionValues() {}

  static int port(String value, boolean zeroAllowed, String flag, String env, Validation v) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= (zeroAllowed ? 0 : 1) && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    v.add(
        flag
            + " (env "
            + env
            + ") must be a port number from "
            + (zeroAllowed ? "0 (any free port)" : "1")
            + " to 65535, was '"
            + value
            + "'");
    return -1;
  }

  static double rate(String value, String flag, String env, Validation v) {
    try {
      double rate = Double.parseDouble(value.trim());
      if (rate >= 0 && rate <= 1000) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    v.add(
        flag
            + " (env "
            + env
            + ") must be a number of changes per second from 0 (none) to 1000, was '"
            + value
            + "'");
    return 0;
  }

  /** A whole number from {@code min} to {@code max}. */
  static int count(String value, int min, int max, String flag, String env, Validation v) {
    try {
      int count = Integer.parseInt(value.trim());
      if (count >= min && count <= max) {
        return count;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    v.add(
        flag
            + " (env "
            + env
            + ") must be a whole number from "
            + min
            + " to "
            + max
            + ", was '"
            + value
            + "'");
    return min;
  }

  /** A positive duration, or {@code null} when {@code value} is empty. */
  static Duration duration(String value, String flag, String env, Validation v) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      Duration duration = DurationConverter.parse(value);
      if (duration.isNegative() || duration.isZero()) {
        v.add(flag + " (env " + env + ") must be more than zero, was '" + value + "'");
      }
      return duration;
    } catch (TypeConversionException e) {
      v.add(flag + " (env " + env + "): " + e.getMessage());
      return null;
    }
  }

  static Path home(String value, Validation v) {
    Path home =
        Path.of(value == null || value.isBlank() ? "." : value).toAbsolutePath().normalize();
    v.check(
        home.toFile().isDirectory(),
        "--home (env KEW_HOME) must be the project directory, but " + home + " is not a directory");
    return home;
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
