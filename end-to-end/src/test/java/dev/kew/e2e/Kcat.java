package dev.kew.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kcat (librdkafka), an independent Kafka client, for checks that must not go through our own code.
 * CI installs it and sets {@code KEW_REQUIRE_KCAT=true}, so there a missing kcat fails instead of
 * skipping.
 */
final class Kcat {

  private Kcat() {}

  /** Every record of {@code topic} as {@code key<TAB>value}, read from the beginning. */
  static List<String> readTopic(String bootstrapServers, String topic) throws Exception {
    boolean installed = onPath("kcat");
    if (!"true".equals(System.getenv("KEW_REQUIRE_KCAT"))) {
      assumeTrue(installed, "kcat is not installed (apt-get install kcat)");
    }
    assertThat(installed).as("kcat on PATH (KEW_REQUIRE_KCAT=true)").isTrue();
    Process kcat =
        new ProcessBuilder(
                "kcat",
                "-b",
                bootstrapServers,
                "-C",
                "-t",
                topic,
                "-o",
                "beginning",
                "-e",
                "-q",
                "-f",
                "%k\\t%s\\n")
            .redirectErrorStream(false)
            .start();
    byte[] out = kcat.getInputStream().readAllBytes();
    String err = new String(kcat.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).as("kcat finishes").isTrue();
    assertThat(kcat.exitValue()).as("kcat exit code; stderr: %s", err).isZero();
    return new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }

  private static boolean onPath(String command) throws IOException {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
