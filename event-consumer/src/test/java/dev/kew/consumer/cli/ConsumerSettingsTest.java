package dev.kew.consumer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kew.cli.Cli;
import dev.kew.cli.ExitCodes;
import dev.kew.consumer.ConsumerSettings;
import dev.kew.consumer.output.OutputFormat;
import dev.kew.model.EventType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class ConsumerSettingsTest {

  @Test
  void defaultsFollowTheStableGroupPrettyAndUnfiltered() {
    ConsumerSettings settings = ConsumerCommand.parseSettings();

    assertThat(settings.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(settings.kafka().topic()).isEqualTo("kube-events");
    assertThat(settings.group()).isEqualTo("kew-consumer");
    assertThat(settings.fromBeginning()).isFalse();
    assertThat(settings.follow()).isTrue();
    assertThat(settings.output()).isEqualTo(OutputFormat.PRETTY);
    assertThat(settings.filter().isEmpty()).isTrue();
    assertThat(settings.sinks().sinks()).containsOnlyKeys("stdout");
    assertThat(settings.deadLetterTopic()).contains("kube-events.dlq");
    assertThat(settings.since()).isEmpty();
    assertThat(settings.until()).isEmpty();
    assertThat(settings.history()).isEmpty();
  }

  @Test
  void consumerConfigCommitsManuallyReadsHistoryAndOnlyCommittedRecords() {
    assertThat(ConsumerCommand.parseSettings("--bootstrap-servers", "k1:9092").consumerConfig())
        .containsEntry("bootstrap.servers", "k1:9092")
        .containsEntry("group.id", "kew-consumer")
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("auto.offset.reset", "earliest")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("allow.auto.create.topics", "false")
        .containsEntry(
            "partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
  }

  @Test
  void userPropertiesMayTuneTheConsumer() {
    ConsumerSettings settings =
        ConsumerCommand.parseSettings(
            "-X", "auto.offset.reset=latest",
            "-X", "isolation.level=read_uncommitted",
            "-X", "max.poll.records=10",
            "-X", "enable.auto.commit=false");

    assertThat(settings.consumerConfig())
        .containsEntry("auto.offset.reset", "latest")
        .containsEntry("isolation.level", "read_uncommitted")
        .containsEntry("max.poll.records", "10")
        .containsEntry("enable.auto.commit", "false");
  }

  @Test
  void replayWithoutAGroupUsesAFreshGroupOfItsOwn() {
    ConsumerSettings first = ConsumerCommand.parseSettings("--from-beginning");
    ConsumerSettings second = ConsumerCommand.parseSettings("--from-beginning");

    assertThat(first.fromBeginning()).isTrue();
    assertThat(first.group()).startsWith("kew-replay-").isNotEqualTo(second.group());
  }

  @Test
  void switchesAlsoTakeAnExplicitValue() {
    ConsumerSettings settings =
        ConsumerCommand.parseSettings("--from-beginning=false", "--no-follow=TRUE", "--group", "g");

    assertThat(settings.fromBeginning()).isFalse();
    assertThat(settings.follow()).isFalse();
    assertThat(ConsumerCommand.parseSettings("--from-beginning", "--no-follow").fromBeginning())
        .isTrue();
  }

  @Test
  void replayWithAnExplicitGroupUsesThatGroup() {
    assertThat(ConsumerCommand.parseSettings("--from-beginning", "--group", "audit").group())
        .isEqualTo("audit");
  }

  @Test
  void filtersAreRepeatableOrCommaSeparatedAndIgnoreCase() {
    ConsumerSettings settings =
        ConsumerCommand.parseSettings(
            "--kind",
            "Deployment,ConfigMap",
            "--kind",
            "pod",
            "--namespace",
            "default",
            "--namespace",
            "shop,",
            "--type",
            "added,Deleted",
            "--output",
            "SENTENCE",
            "--no-follow");

    assertThat(settings.filter().kinds())
        .containsExactlyInAnyOrder("deployment", "configmap", "pod");
    assertThat(settings.filter().namespaces()).containsExactlyInAnyOrder("default", "shop");
    assertThat(settings.filter().types())
        .containsExactlyInAnyOrder(EventType.ADDED, EventType.DELETED);
    assertThat(settings.output()).isEqualTo(OutputFormat.SENTENCE);
    assertThat(settings.follow()).isFalse();
  }

  @Test
  void everyInvalidSettingIsReportedAtOnceNamingFlagAndEnvVar() {
    assertThatThrownBy(
            () ->
                ConsumerCommand.parseSettings(
                    "--bootstrap-servers",
                    "no-port",
                    "--no-follow=sometimes",
                    "--group",
                    " ",
                    "--output",
                    "xml",
                    "--kind",
                    "apps/Deployment",
                    "--namespace",
                    "Bad_NS",
                    "--type",
                    "CREATED",
                    "-X",
                    "enable.auto.commit=true",
                    "-X",
                    "value.deserializer=org.example.Mine",
                    "-X",
                    "group.id=other"))
        .isInstanceOf(ParameterException.class)
        .message()
        .startsWith("10 invalid settings:")
        .contains("--bootstrap-servers (env KEW_BOOTSTRAP_SERVERS)")
        .contains("--group (env KEW_GROUP) must not be blank")
        .contains("--no-follow (env KEW_NO_FOLLOW) must be true or false, was 'sometimes'")
        .contains("--output (env KEW_OUTPUT) must be one of pretty, sentence, json, was 'xml'")
        .contains("--kind (env KEW_KINDS)", "'apps/Deployment'")
        .contains("--namespace (env KEW_NAMESPACES)", "'Bad_NS'")
        .contains("--type (env KEW_TYPES) must be ADDED, MODIFIED or DELETED, was 'CREATED'")
        .contains("enable.auto.commit")
        .contains("value.deserializer")
        .contains("group.id: use --group (env KEW_GROUP)");
  }

  @Test
  void kafkaRejectsAMisspeltClientPropertyValueAsAUsageError() {
    assertThatThrownBy(() -> ConsumerCommand.parseSettings("-X", "isolation.level=sometimes"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("isolation.level")
        .hasMessageContaining("sometimes");
  }

  @Test
  void badUsageExitsWithCode2AndOneClearMessage() {
    StringWriter err = new StringWriter();
    CommandLine cmd = Cli.commandLine(new ConsumerCommand());
    cmd.setErr(new PrintWriter(err));

    int exitCode = cmd.execute("--output", "xml", "--type", "CREATED");

    assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("2 invalid settings")
        .contains("--output (env KEW_OUTPUT)")
        .contains("--type (env KEW_TYPES)")
        .contains("--help");
  }

  @Test
  void aHistoryUrlThatIsNotHttpExitsWithCode2NamingTheFlag() {
    for (String url :
        java.util.List.of("javascript:alert(1)", "file:///etc/passwd", "http://a b/")) {
      StringWriter err = new StringWriter();
      CommandLine cmd = Cli.commandLine(new ConsumerCommand());
      cmd.setErr(new PrintWriter(err));

      int exitCode = cmd.execute("--history-url", url, "--slack-webhook-url", "https://x.test/h");

      assertThat(exitCode).as(url).isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString()).contains("--history-url (env KEW_HISTORY_URL)");
    }
    assertThat(
            ConsumerCommand.parseSettings("--history-url", "https://history.example.com/kew")
                .historyService())
        .hasValue(java.net.URI.create("https://history.example.com/kew"));
  }

  @Test
  void cliRunReturnsUsageExitCodeForAnUnknownFlag() {
    assertThat(Cli.run(new ConsumerCommand(), "--follow-me")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void helpNamesTheEnvironmentVariableOfEveryFlag() {
    String help = Cli.commandLine(new ConsumerCommand()).getUsageMessage();

    assertThat(help)
        .contains(
            "KEW_BOOTSTRAP_SERVERS",
            "KEW_TOPIC",
            "KEW_KAFKA_CONFIG",
            "KEW_GROUP",
            "KEW_FROM_BEGINNING",
            "KEW_NO_FOLLOW",
            "KEW_OUTPUT",
            "KEW_KINDS",
            "KEW_NAMESPACES",
            "KEW_TYPES",
            "KEW_CONFIG",
            "KEW_WEBHOOK_URL",
            "KEW_WEBHOOK_URL_FILE",
            "KEW_WEBHOOK_FORMAT",
            "KEW_WEBHOOK_HEADERS",
            "KEW_WEBHOOK_SECRET",
            "KEW_WEBHOOK_SECRET_FILE",
            "KEW_WEBHOOK_TIMEOUT",
            "KEW_SLACK_WEBHOOK_URL",
            "KEW_SLACK_WEBHOOK_URL_FILE",
            "KEW_TEAMS_WEBHOOK_URL",
            "KEW_TEAMS_WEBHOOK_URL_FILE",
            "KEW_FILE",
            "KEW_FILE_MAX_SIZE",
            "KEW_FILE_KEEP",
            "KEW_DLQ_TOPIC",
            "KEW_SINCE",
            "KEW_UNTIL",
            "KEW_UID",
            "KEW_OBJECT");
  }

  @Test
  void settingsNeverPrintClientPropertiesThatMayHoldSecrets() {
    ConsumerSettings settings =
        ConsumerCommand.parseSettings("-X", "sasl.jaas.config=password=\"hunter2\"");

    assertThat(settings.toString()).doesNotContain("hunter2").contains("group=kew-consumer");
  }

  @TempDir Path dir;

  @Test
  void eachSinkFlagAddsOneSinkThatReceivesEveryEventInsteadOfStdout() throws Exception {
    Path slackUrl =
        Files.writeString(dir.resolve("slack-url"), "https://hooks.slack.com/T/B/s3cr3t\n");
    ConsumerSettings settings =
        ConsumerCommand.parseSettings(
            "--webhook-url",
            "https://example.com/hook?token=t0k3n",
            "--webhook-secret",
            "whsec_aG1hYy1rM3kta2V5LW9mLWF0LWxlYXN0LTI0LWJ5dGVz",
            "--webhook-header",
            "Authorization: Bearer b34r3r;X-Team: ops",
            "--webhook-format",
            "cloudevents",
            "--slack-webhook-url-file",
            slackUrl.toString(),
            "--teams-webhook-url",
            "https://example.webhook.office.com/x",
            "--file",
            dir.resolve("events.jsonl").toString(),
            "--file-keep",
            "3");

    assertThat(settings.sinks().sinks()).containsOnlyKeys("webhook", "slack", "teams", "file");
    assertThat(settings.sinks().sinks().get("slack").policy().minInterval()).hasSeconds(1);
    assertThat(settings.sinks().sinks().get("webhook").policy().minInterval()).isZero();
    assertThat(settings.sinks().routes().routes())
        .singleElement()
        .satisfies(r -> assertThat(r.sinks()).containsExactly("webhook", "slack", "teams", "file"));
    assertThat(settings.toString())
        .contains("sinks=SinkSetup[sinks=[webhook, slack, teams, file]")
        .doesNotContain("t0k3n", "aG1hYy1rM3k", "b34r3r", "s3cr3t", "example.com");
  }

  @Test
  void sinkFlagsAreValidatedNamingTheFlagWithoutEchoingSecrets() {
    assertThatThrownBy(
            () ->
                ConsumerCommand.parseSettings(
                    "--webhook-url",
                    "example.com/t0k3n",
                    "--webhook-timeout",
                    "never",
                    "--slack-webhook-url",
                    "https://hooks.slack.com/x",
                    "--slack-webhook-url-file",
                    dir.resolve("missing").toString(),
                    "--file",
                    "x.jsonl",
                    "--file-keep",
                    "many",
                    "--dlq-topic",
                    "bad topic"))
        .isInstanceOf(ParameterException.class)
        .message()
        .contains("--webhook-url (env KEW_WEBHOOK_URL)")
        .contains("must be an absolute http:// or https:// URL")
        .contains("--slack-webhook-url (env KEW_SLACK_WEBHOOK_URL) and --slack-webhook-url-file")
        .contains("--file-keep (env KEW_FILE_KEEP) must be a whole number")
        .contains("--webhook-timeout (env KEW_WEBHOOK_TIMEOUT): 'never' is not a duration")
        .contains("--dlq-topic (env KEW_DLQ_TOPIC)")
        .doesNotContain("t0k3n");
  }

  @Test
  void headersSecretsFilePathsAndTheAuthOptionAreCheckedAtStartNamingTheFlag() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("a-file"), "");

    assertThatThrownBy(
            () ->
                ConsumerCommand.parseSettings(
                    "--webhook-url",
                    "https://example.com/hook",
                    "--webhook-header",
                    "X-Token: a\r\nX-Forged: 1",
                    "--file",
                    notADirectory.resolve("events.jsonl").toString()))
        .isInstanceOf(ParameterException.class)
        .message()
        .contains("--webhook-header (env KEW_WEBHOOK_HEADERS)")
        .contains("has a value with control characters")
        .contains("--file (env KEW_FILE)")
        .contains("is not a writable directory")
        .doesNotContain("X-Forged");
    assertThatThrownBy(
            () ->
                ConsumerCommand.parseSettings(
                    "--webhook-url",
                    "https://example.com/hook",
                    "--webhook-secret",
                    "s3cr3t-not-whsec"))
        .isInstanceOf(ParameterException.class)
        .message()
        .contains("--webhook-secret (env KEW_WEBHOOK_SECRET) or --webhook-secret-file")
        .contains("must be a Standard Webhooks secret")
        .doesNotContain("s3cr3t");
    assertThatThrownBy(
            () ->
                ConsumerCommand.parseSettings(
                    "--slack-webhook-url",
                    "https://hooks.slack.com/x",
                    "--on-auth-failure",
                    "ignore"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining(
            "--on-auth-failure (env KEW_ON_AUTH_FAILURE): sink 'slack' (slack) 'onAuthFailure' must"
                + " be wait or dead-letter");
  }

  @Test
  void aConfigFileErrorExitsWithCode2NamingTheLine() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("sinks.yaml"),
            "sinks:\n  - name: a\n    type: stdout\n  - name: b\n    type: pager\n");
    StringWriter err = new StringWriter();
    CommandLine cmd = Cli.commandLine(new ConsumerCommand());
    cmd.setErr(new PrintWriter(err));

    int exitCode = cmd.execute("--config", config.toString());

    assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains(
            "--config (env KEW_CONFIG) " + config + " line 5: sink 'b' (pager) 'type' is unknown");
  }

  @Test
  void configSecretsComeFromTheGivenEnvironment() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("sinks.yaml"),
            "sinks:\n  - {name: ops, type: slack, url: {env: OPS_SLACK}}\n");

    assertThat(
            ConsumerCommand.parseSettings(
                    Map.of("OPS_SLACK", "https://hooks.slack.com/x")::get,
                    "--config",
                    config.toString())
                .sinks()
                .sinks())
        .containsOnlyKeys("ops");
    assertThatThrownBy(
            () ->
                ConsumerCommand.parseSettings(
                    Map.<String, String>of()::get, "--config", config.toString()))
        .hasMessageContaining("line 2")
        .hasMessageContaining("OPS_SLACK is not set");
  }

  @Test
  void replayAndHistoryFlagsAreCheckedTogether() throws Exception {
    Path config =
        Files.writeString(dir.resolve("sinks.yaml"), "sinks:\n  - {name: a, type: stdout}\n");
    assertThatThrownBy(
            () ->
                ConsumerCommand.parseSettings(
                    "--from-beginning",
                    "--since",
                    "2h",
                    "--until",
                    "yesterday",
                    "--uid",
                    "u1",
                    "--object",
                    "Deployment/web",
                    "--config",
                    config.toString(),
                    "--webhook-url",
                    "https://example.com/"))
        .isInstanceOf(ParameterException.class)
        .message()
        .contains(
            "--from-beginning (env KEW_FROM_BEGINNING) and --since (env KEW_SINCE) exclude each other")
        .contains(
            "--until (env KEW_UNTIL) must be a duration back from now such as 2h or an ISO-8601 time")
        .contains("--uid (env KEW_UID) and --object (env KEW_OBJECT) exclude each other")
        .contains(
            "--config (env KEW_CONFIG) defines every sink; it cannot be combined with --webhook-url");
    assertThatThrownBy(() -> ConsumerCommand.parseSettings("--uid", "u1", "--file", "x.jsonl"))
        .hasMessageContaining("--uid/--object print a history on stdout");
    assertThatThrownBy(() -> ConsumerCommand.parseSettings("--object", "web"))
        .hasMessageContaining("--object (env KEW_OBJECT) must be KIND/NAMESPACE/NAME");
    assertThatThrownBy(
            () ->
                ConsumerCommand.parseSettings(
                    "--since", "2026-11-24T14:00:00Z", "--until", "2026-11-24T13:00:00Z"))
        .hasMessageContaining("--until (env KEW_UNTIL) must be later than --since");
  }

  @Test
  void sinceAndObjectAreParsed() {
    ConsumerSettings settings =
        ConsumerCommand.parseSettings(
            "--since",
            "2026-11-24T14:00:00+01:00",
            "--object",
            "Namespace/team-a",
            "--dlq-topic",
            "none");

    assertThat(settings.since()).contains(java.time.Instant.parse("2026-11-24T13:00:00Z"));
    assertThat(settings.group()).startsWith(ConsumerSettings.REPLAY_GROUP_PREFIX);
    assertThat(settings.history().orElseThrow().kind()).isEqualTo("Namespace");
    assertThat(settings.history().orElseThrow().namespace()).isNull();
    assertThat(settings.deadLetterTopic()).isEmpty();
    assertThat(settings.historyConfig()).doesNotContainKey("group.id");
  }
}
