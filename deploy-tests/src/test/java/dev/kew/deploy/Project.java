package dev.kew.deploy;

import java.nio.file.Path;

/** Where the project's files are, as Maven passes it to the tests. */
final class Project {

  private Project() {}

  static Path directory() {
    return Path.of(System.getProperty("kew.project.dir", "..")).toAbsolutePath().normalize();
  }

  /** The Maven project version: the images' tag and the chart's appVersion. */
  static String version() {
    return System.getProperty("kew.project.version", "0.1.0-SNAPSHOT");
  }
}
