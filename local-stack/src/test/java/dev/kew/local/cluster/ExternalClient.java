package dev.kew.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client we did not write (kubectl, the Python {@code kubernetes} package from Debian), run as a
 * process. Tests skip with a message where it is not installed, unless {@code REQUIRE_ENV=true} (CI
 * sets it, having installed them in {@code .ci/run}), where a missing client fails.
 */
record ExternalClient(List<String> command, String module, String requireEnv, String install) {

  static final ExternalClient KUBECTL =
      new ExternalClient(
          List.of("kubectl"), null, "KEW_REQUIRE_KUBECTL", "apt-get install kubectl");

  /** Debian's Python with Debian's {@code python3-kubernetes} (not the pyenv one on PATH). */
  static final ExternalClient PYTHON_KUBERNETES =
      new ExternalClient(
          List.of("/usr/bin/python3"),
          "kubernetes",
          "KEW_REQUIRE_PYTHON_KUBERNETES",
          "apt-get install python3-kubernetes");

  /** The outcome of one run: exit code and stdout and stderr together. */
  record Result(int exitCode, String output) {}

  /** Skips the test (or fails it, where required) when the client is not installed. */
  void assumeInstalled() throws Exception {
    boolean installed = installed();
    String message = String.join(" ", command) + " is not installed (" + install + ")";
    if (!"true".equals(System.getenv(requireEnv))) {
      assumeTrue(installed, message);
    }
    assertThat(installed).as(message + "; " + requireEnv + "=true").isTrue();
  }

  /** Runs the client with {@code args}, {@code stdin} as input (or none), for at most 60 s. */
  Result run(Path workDir, String stdin, String... args) throws Exception {
    List<String> full = new ArrayList<>(command);
    full.addAll(List.of(args));
    Path output = Files.createTempFile(workDir, "client", ".out");
    Process process =
        new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try (var in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    boolean finished = process.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    return new Result(finished ? process.exitValue() : -1, Files.readString(output));
  }

  /**
   * Starts the client with {@code args}, its output (stdout and stderr) going to {@code output}.
   */
  Process start(Path output, String... args) throws IOException {
    List<String> full = new ArrayList<>(command);
    full.addAll(List.of(args));
    return new ProcessBuilder(full)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private boolean installed() throws Exception {
    String executable = command.get(0);
    boolean found =
        executable.startsWith("/") ? Files.isExecutable(Path.of(executable)) : onPath(executable);
    if (!found || module == null) {
      return found;
    }
    Process check =
        new ProcessBuilder(executable, "-c", "import " + module).redirectErrorStream(true).start();
    check.getInputStream().readAllBytes();
    return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
  }

  private static boolean onPath(String executable) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
        return true;
      }
    }
    return false;
  }
}
