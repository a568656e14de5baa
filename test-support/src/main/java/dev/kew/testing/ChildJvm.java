package dev.kew.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One of our apps' main classes run as a separate JVM, as a user's shell would start it. */
public final class ChildJvm {

  private ChildJvm() {}

  /**
   * {@code java mainClass args...} on this test's class path, with the app's own {@code
   * logback.xml} (not the tests') and a 256 MiB heap; the caller redirects and starts it.
   */
  public static ProcessBuilder of(Class<?> mainClass, List<String> args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                "-Dlogback.configurationFile=logback.xml",
                mainClass.getName()));
    command.addAll(args);
    return new ProcessBuilder(command);
  }
}
