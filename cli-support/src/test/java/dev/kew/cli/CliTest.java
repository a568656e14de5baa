package dev.kew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

class CliTest {

  @Command(name = "demo")
  static class Demo implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--every", converter = DurationConverter.class, defaultValue = "1s")
    Duration every;

    @Option(names = "--count", defaultValue = "1")
    int count;

    @Option(names = "--fail")
    boolean fail;

    @Override
    public Integer call() {
      Validation validation = new Validation();
      validation.check(count > 0, "--count must be at least 1, was " + count);
      validation.check(!every.isZero(), "--every must be more than 0");
      validation.throwIfInvalid(spec.commandLine());
      if (fail) {
        throw new IllegalStateException("Kafka at localhost:1 did not answer");
      }
      return ExitCodes.OK;
    }
  }

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = Cli.commandLine(new Demo());
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void validCommandExitsZero() {
    assertThat(run("--every", "2s")).isEqualTo(ExitCodes.OK);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void unparsableValueIsAUsageErrorWithExitTwo() {
    assertThat(run("--every", "soon")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'soon' is not a duration").contains("demo --help");
  }

  @Test
  void allValidationErrorsAreListedTogetherWithExitTwo() {
    assertThat(run("--count", "0", "--every", "0s")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("2 invalid settings")
        .contains("--count must be at least 1, was 0")
        .contains("--every must be more than 0");
  }

  @Test
  void runtimeFailureIsOneSentenceWithExitOne() {
    assertThat(run("--fail")).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString())
        .startsWith("Error: Kafka at localhost:1 did not answer")
        .doesNotContain("at dev.kew");
  }
}
