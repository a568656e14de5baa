package dev.kew.local.cli;

import dev.kew.cli.Validation;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home}: the project directory, shared by the commands as a picocli mixin. */
final class HomeOption {

  /** Where the project lives when neither -Dkew.home nor KEW_HOME says: the current directory. */
  static final String HOME_DEFAULT = "${sys:kew.home:-${env:KEW_HOME:-.}}";

  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = HOME_DEFAULT,
      description =
          "Project directory, holding the app jars and .kew/ (env KEW_HOME, default: set by"
              + " ./kew, else the current one).")
  String home;

  /** The directory, absolute; an error in {@code v} when it is not one. */
  Path resolve(Validation v) {
    Path dir = Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    v.check(
        dir.toFile().isDirectory(),
        "--home (env KEW_HOME) must be the project directory, but " + dir + " is not a directory");
    return dir;
  }
}
