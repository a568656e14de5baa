package dev.kew.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.cli.Cli;
import dev.kew.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LocalCommandTest {

  @TempDir Path home;
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void fakeJars() throws Exception {
    for (String jar :
        new String[] {
          "watcher-producer/target/watcher-producer.jar",
          "event-consumer/target/event-consumer.jar",
          "event-history/target/event-history.jar"
        }) {
      Files.createDirectories(home.resolve(jar).getParent());
      Files.createFile(home.resolve(jar));
    }
  }

  @Test
  void badDurationExitsWithUsageErrorNamingFlagAndEnv() {
    int code = run("local", "--home", home.toString(), "--duration", "soon");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("--duration (env KEW_DURATION)")
        .contains("'soon' is not a duration");
  }

  @Test
  void reportsEveryInvalidSettingAtOnce() {
    int code =
        run(
            "local",
            "--home",
            home.toString(),
            "--duration",
            "-5s",
            "--port",
            "99999",
            "--churn-rate",
            "fast",
            "--output",
            "xml");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("4 invalid settings")
        .contains("--duration (env KEW_DURATION)")
        .contains("--port (env KEW_KAFKA_PORT)")
        .contains("--churn-rate (env KEW_CHURN_RATE)")
        .contains("--output (env KEW_OUTPUT)");
  }

  @Test
  void missingAppJarsAreAUsageErrorThatSaysHowToBuild() throws Exception {
    Files.delete(home.resolve("watcher-producer/target/watcher-producer.jar"));

    int code = run("local", "--home", home.toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("watcher-producer.jar is missing", "./mvnw");
  }

  @Test
  void validFlagsBecomeOneSettingsRecord() {
    LocalCommand command =
        parse("local", "--home", home.toString(), "--duration", "45s", "--output", "JSON");

    var settings = command.settings();

    assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(45));
    assertThat(settings.kafkaPort()).isEqualTo(9092);
    assertThat(settings.churnRate()).isEqualTo(2.0);
    assertThat(settings.output()).isEqualTo("json");
    assertThat(settings.realCluster()).isFalse();
    assertThat(settings.kafkaDataDir()).isEqualTo(home.resolve(".kew/kafka"));
  }

  @Test
  void aContextMeansARealCluster() {
    LocalCommand command = parse("local", "--home", home.toString(), "--context", "prod");

    assertThat(command.settings().realCluster()).isTrue();
  }

  @Test
  void clusterCommandRejectsABadChurnDuration() {
    int code = run("cluster", "--home", home.toString(), "--churn-duration", "10 minutes");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--churn-duration (env KEW_CHURN_DURATION)");
  }

  @Test
  void noSubcommandPrintsUsageAndExitsWithUsageError() {
    int code = run();

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("local", "kafka", "cluster");
  }

  private int run(String... args) {
    CommandLine cmd = Cli.commandLine(new KewCommand());
    cmd.setErr(new PrintWriter(err, true));
    cmd.setOut(new PrintWriter(new StringWriter(), true));
    return cmd.execute(args);
  }

  private LocalCommand parse(String... args) {
    CommandLine cmd = Cli.commandLine(new KewCommand());
    CommandLine.ParseResult parsed = cmd.parseArgs(args);
    return (LocalCommand) parsed.subcommand().commandSpec().userObject();
  }
}
