package dev.kew.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kcat (librdkafka), an independent Kafka client, for checks that must not go through our own code.
 * Without kcat the check is skipped, saying so on the console; CI installs it and sets {@code
 * KEW_REQUIRE_KCAT=true}, so there a missing kcat fails instead.
 */
final class Kcat {

  private static final Logger log = LoggerFactory.getLogger(Kcat.class);

  private Kcat() {}

  /** Every record of {@code topic} as {@code key<TAB>value}, read from the beginning. */
  static List<String> readTopic(String bootstrapServers, String topic) throws Exception {
    if (!onPath("kcat")) {
      String skipped =
          "kcat is not installed, so the check of the topic by kcat, an independent Kafka client,"
              + " cannot run (apt-get install kcat): skipped here, a failure where"
              + " KEW_REQUIRE_KCAT=true, as in CI";
      assertThat("true".equals(System.getenv("KEW_REQUIRE_KCAT"))).as(skipped).isFalse();
      log.warn(skipped);
      Assumptions.abort(skipped);
    }
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
