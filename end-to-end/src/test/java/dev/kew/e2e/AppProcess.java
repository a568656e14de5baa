package dev.kew.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One of our apps running as a separate JVM process: its stdout collected line by line, its stderr
 * (logs) in a file that failures print.
 */
final class AppProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path stderr;
  private final List<String> stdout = new CopyOnWriteArrayList<>();

  private AppProcess(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::readStdout, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java -jar jar args...}. */
  static AppProcess startJar(String name, String jar, Path logDir, List<String> args) {
    assertThat(Path.of(jar)).as("packaged jar of %s (run mvn package first)", name).exists();
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-jar", jar));
    command.addAll(args);
    return start(name, command, logDir, null);
  }

  static AppProcess start(String name, List<String> command, Path logDir, Path workDir) {
    try {
      Path stderr = logDir.resolve(name + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectError(stderr.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      if (workDir != null) {
        builder.directory(workDir.toFile());
      }
      // Metrics and probes on any free port: several apps run side by side in these tests.
      builder.environment().put("KEW_METRICS_PORT", "0");
      return new AppProcess(name, builder.start(), stderr);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name, e);
    }
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  List<String> stdout() {
    return List.copyOf(stdout);
  }

  String logs() {
    try {
      return Files.exists(stderr) ? Files.readString(stderr) : "";
    } catch (IOException e) {
      return "(cannot read " + stderr + ": " + e + ")";
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM, as Kubernetes and Ctrl-C do, and returns the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    return awaitExit(30);
  }

  int awaitExit(long seconds) throws InterruptedException {
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS))
        .as("%s exits within %ss; its log:%n%s", name, seconds, logs())
        .isTrue();
    return process.exitValue();
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private void readStdout() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        stdout.add(line);
      }
    } catch (IOException e) {
      // the process ended; what it printed is kept
    }
  }
}
