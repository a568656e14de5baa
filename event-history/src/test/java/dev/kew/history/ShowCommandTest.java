package dev.kew.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.cli.Cli;
import dev.kew.history.cli.HistoryCommand;
import dev.kew.testing.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kew history show}: the same answers from the service and from reading the topic. */
class ShowCommandTest {

  @TempDir static Path indexDir;
  static String topic;
  static HistoryApp app;

  @BeforeAll
  static void start() {
    topic = SharedKafka.createTopic("history-show", 2);
    HistoryFixture.write(topic, Scenario.events());
    app = HistoryFixture.start(topic, indexDir);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  record Run(int exitCode, String out, String err) {}

  private static Run show(boolean fromService, String... args) {
    List<String> all = new ArrayList<>(List.of("show"));
    all.addAll(List.of(args));
    all.addAll(List.of("--bootstrap-servers", SharedKafka.bootstrapServers(), "--topic", topic));
    if (fromService) {
      all.addAll(List.of("--history-url", "http://127.0.0.1:" + app.port() + "/"));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Cli.commandLine(new HistoryCommand());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void showListsAnObjectsChangesOldestFirstWithWhoMadeThem() {
    for (boolean fromService : List.of(true, false)) {
      Run run = show(fromService, "Deployment/shop/web");

      assertThat(run.exitCode()).as("from service: %s", fromService).isZero();
      assertThat(run.out().lines().map(l -> l.split(" +")[1]))
          .containsExactly("ADDED", "MODIFIED", "MODIFIED", "DELETED", "ADDED");
      assertThat(run.out()).contains("spec.replicas 2->5 by kubectl-edit").contains("by helm");
    }
  }

  @Test
  void showAtAMomentPrintsTheObjectAsYamlFromEitherSource() {
    Run service = show(true, "deployment/shop/web", "--at", Scenario.minutes(25).toString());
    Run scan = show(false, "deployment/shop/web", "--at", Scenario.minutes(25).toString());

    assertThat(service.exitCode()).isZero();
    assertThat(service.out()).contains("replicas: 5").contains("image: \"web:1.5\"");
    assertThat(scan.out()).isEqualTo(service.out());
  }

  @Test
  void anUnknownObjectExitsOneAndBadUsageExitsTwoNamingTheFlag() {
    Run unknown = show(true, "Deployment/shop/nope");
    Run badAt = show(false, "Deployment/shop/web", "--at", "yesterday");
    Run badObject = show(false, "web");

    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("Deployment shop/nope has no event");
    assertThat(badAt.exitCode()).isEqualTo(2);
    assertThat(badAt.err()).contains("--at:");
    assertThat(badObject.exitCode()).isEqualTo(2);
    assertThat(badObject.err()).contains("KIND/NAMESPACE/NAME");
  }

  @Test
  void historyWithoutASubcommandShowsUsageAndExitsTwo() {
    StringWriter err = new StringWriter();
    CommandLine cmd = Cli.commandLine(new HistoryCommand());
    cmd.setErr(new PrintWriter(err));

    assertThat(cmd.execute()).isEqualTo(2);
    assertThat(err.toString()).contains("serve").contains("show");
  }
}
