package dev.kew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaOptionsTest {

  @Command(name = "app")
  static class App {
    @Mixin KafkaOptions kafka;
  }

  private static KafkaOptions parse(String... args) {
    App app = new App();
    new CommandLine(app).parseArgs(args);
    return app.kafka;
  }

  @Test
  void clientPropertiesLayerFlagThenFileThenOverrides(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nlinger.ms=20\n");
    Validation validation = new Validation();

    KafkaConnection connection =
        parse(
                "--bootstrap-servers", "k1:9092,k2:9093",
                "--topic", "events",
                "--kafka-config", file.toString(),
                "-X", "linger.ms=0",
                "-X", "client.id=kew")
            .toConnection(validation);

    assertThat(validation.errors()).isEmpty();
    assertThat(connection.bootstrapServers()).isEqualTo("k1:9092,k2:9093");
    assertThat(connection.topic()).isEqualTo("events");
    assertThat(connection.clientProperties())
        .containsEntry("bootstrap.servers", "k1:9092,k2:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("linger.ms", "0")
        .containsEntry("client.id", "kew");
  }

  @Test
  void appRequiredSettingsWinOverTheUsers() {
    KafkaConnection connection =
        parse("-X", "acks=0", "-X", "linger.ms=7").toConnection(new Validation());

    assertThat(connection.clientConfig(java.util.Map.of("acks", "all")))
        .containsEntry("acks", "all")
        .containsEntry("linger.ms", "7");
  }

  @Test
  void everyInvalidSettingIsReportedAtOnce(@TempDir Path dir) {
    Validation validation = new Validation();

    parse(
            "--bootstrap-servers", "no-port",
            "--topic", "bad topic!",
            "--kafka-config", dir.resolve("missing.properties").toString(),
            "-X", "novalue")
        .toConnection(validation);

    assertThat(validation.errors())
        .hasSize(4)
        .anySatisfy(m -> assertThat(m).contains("--bootstrap-servers").contains("no-port"))
        .anySatisfy(m -> assertThat(m).contains("--topic (env KEW_TOPIC)"))
        .anySatisfy(m -> assertThat(m).contains("--kafka-config").contains("missing.properties"))
        .anySatisfy(m -> assertThat(m).contains("-X takes KEY=VALUE").contains("novalue"));
  }
}
