package dev.kew.local.cli;

import dev.kew.cli.Validation;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home}: the project directory, shared by the commands as a picocli mixin. */
final class HomeOption {

  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = OptionValues.HOME_DEFAULT,
      description =
          "Project directory, holding the app jars and .kew/ (env KEW_HOME, default: set by"
              + " ./kew, else the current one).")
  String home;

  /** The directory, absolute; an error in {@code v} when it is not one. */
  Path resolve(Validation v) {
    return OptionValues.home(home, v);
  }
}
