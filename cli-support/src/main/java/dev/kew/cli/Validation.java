package dev.kew.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Collects every invalid setting of a command so the user hears about all of them at once, then
 * fails with a usage error (exit code {@link ExitCodes#USAGE}).
 */
public final class Validation {

  private final List<String> errors = new ArrayList<>();

  /** Records {@code message} unless {@code ok}. */
  public Validation check(boolean ok, String message) {
    if (!ok) {
      errors.add(message);
    }
    return this;
  }

  public Validation add(String message) {
    errors.add(message);
    return this;
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }

  /**
   * Throws a picocli usage error listing every recorded message, one per line.
   *
   * @throws ParameterException when any setting was invalid
   */
  public void throwIfInvalid(CommandLine cmd) {
    if (errors.isEmpty()) {
      return;
    }
    String message =
        errors.size() == 1
            ? errors.get(0)
            : errors.size() + " invalid settings:\n  - " + String.join("\n  - ", errors);
    throw new ParameterException(cmd, message);
  }
}
