package dev.kew.consumer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kew.cli.Cli;
import dev.kew.cli.ExitCodes;
import dev.kew.consumer.output.OutputFormat;
import dev.kew.model.EventType;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class ConsumerSettingsTest {

  @Test
  void defaultsFollowTheStableGroupPrettyAndUnfiltered() {
    ConsumerSettings settings = ConsumerSettings.fromArgs();

    assertThat(settings.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(settings.kafka().topic()).isEqualTo("kube-events");
    assertThat(settings.group()).isEqualTo("kew-consumer");
    assertThat(settings.fromBeginning()).isFalse();
    assertThat(settings.follow()).isTrue();
    assertThat(settings.output()).isEqualTo(OutputFormat.PRETTY);
    assertThat(settings.filter().isEmpty()).isTrue();
  }

  @Test
  void consumerConfigCommitsManuallyReadsHistoryAndOnlyCommittedRecords() {
    assertThat(ConsumerSettings.fromArgs("--bootstrap-servers", "k1:9092").consumerConfig())
        .containsEntry("bootstrap.servers", "k1:9092")
        .containsEntry("group.id", "kew-consumer")
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("auto.offset.reset", "earliest")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("allow.auto.create.topics", "false");
  }

  @Test
  void userPropertiesMayTuneTheConsumer() {
    ConsumerSettings settings =
        ConsumerSettings.fromArgs(
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
    ConsumerSettings first = ConsumerSettings.fromArgs("--from-beginning");
    ConsumerSettings second = ConsumerSettings.fromArgs("--from-beginning");

    assertThat(first.fromBeginning()).isTrue();
    assertThat(first.group()).startsWith("kew-replay-").isNotEqualTo(second.group());
  }

  @Test
  void switchesAlsoTakeAnExplicitValue() {
    ConsumerSettings settings =
        ConsumerSettings.fromArgs("--from-beginning=false", "--no-follow=TRUE", "--group", "g");

    assertThat(settings.fromBeginning()).isFalse();
    assertThat(settings.follow()).isFalse();
    assertThat(ConsumerSettings.fromArgs("--from-beginning", "--no-follow").fromBeginning())
        .isTrue();
  }

  @Test
  void replayWithAnExplicitGroupUsesThatGroup() {
    assertThat(ConsumerSettings.fromArgs("--from-beginning", "--group", "audit").group())
        .isEqualTo("audit");
  }

  @Test
  void filtersAreRepeatableOrCommaSeparatedAndIgnoreCase() {
    ConsumerSettings settings =
        ConsumerSettings.fromArgs(
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
                ConsumerSettings.fromArgs(
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
    assertThatThrownBy(() -> ConsumerSettings.fromArgs("-X", "isolation.level=sometimes"))
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
            "KEW_TYPES");
  }

  @Test
  void settingsNeverPrintClientPropertiesThatMayHoldSecrets() {
    ConsumerSettings settings =
        ConsumerSettings.fromArgs("-X", "sasl.jaas.config=password=\"hunter2\"");

    assertThat(settings.toString()).doesNotContain("hunter2").contains("group=kew-consumer");
  }
}
