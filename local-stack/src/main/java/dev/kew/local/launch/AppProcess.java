package dev.kew.local.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the apps ({@code watcher-producer}, {@code event-consumer}) running as a separate {@code
 * java -jar} process with its logs in a file.
 */
public final class AppProcess {

  private static final Logger log = LoggerFactory.getLogger(AppProcess.class);

  private final String name;
  private final Process process;
  private final Path logFile;

  private AppProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code java -jar jar args...} with the same Java as this JVM.
   *
   * @param logFile receives the process's stderr (and its stdout unless {@code stdoutToTerminal}),
   *     truncated first
   * @param stdoutToTerminal whether the process's stdout is this process's stdout
   */
  public static AppProcess start(
      String name, Path jar, List<String> args, Path logFile, boolean stdoutToTerminal) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(Redirect.PIPE);
    if (stdoutToTerminal) {
      builder.redirectOutput(Redirect.INHERIT).redirectError(Redirect.to(logFile.toFile()));
    } else {
      builder.redirectErrorStream(true).redirectOutput(Redirect.to(logFile.toFile()));
    }
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      Process process = builder.start();
      log.info("Started {} (pid {}): {}", name, process.pid(), String.join(" ", command));
      return new AppProcess(name, process, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  public CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /** The exit code; only once the process has ended. */
  public int exitCode() {
    return process.exitValue();
  }

  /**
   * Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it.
   *
   * @return its exit code
   */
  public int stop(Duration grace) {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn("{} did not stop within {}; killing it", name, grace);
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        return -1;
      }
    }
    int code = process.exitValue();
    log.info("{} stopped with exit code {}", name, code);
    return code;
  }

  /** The last {@code lines} lines of the log file, for an error message. */
  public List<String> logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }
}
