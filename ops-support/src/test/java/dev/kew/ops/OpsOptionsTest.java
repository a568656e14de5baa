package dev.kew.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.cli.Validation;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class OpsOptionsTest {

  @Command(name = "app")
  static class App {
    @Mixin OpsOptions ops;
  }

  private static OpsOptions parse(String... args) {
    App app = new App();
    new CommandLine(app).parseArgs(args);
    return app.ops;
  }

  @Test
  void outsideAPodTheEndpointsTakeAnyFreePortOnLoopbackWithTextLogs() {
    Validation validation = new Validation();
    OpsSettings settings = parse().toSettings(validation, Map.<String, String>of()::get);

    assertThat(validation.errors()).isEmpty();
    assertThat(settings).isEqualTo(new OpsSettings(0, "127.0.0.1", LogFormat.TEXT));
    assertThat(settings.serveEndpoints()).isTrue();
  }

  @Test
  void inAPodTheEndpointsServePort8080OnAllInterfaces() {
    OpsSettings settings =
        parse().toSettings(new Validation(), Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")::get);

    assertThat(settings).isEqualTo(new OpsSettings(8080, "0.0.0.0", LogFormat.TEXT));
  }

  @Test
  void anExplicitPortAndAddressWinEverywhere() {
    OpsSettings settings =
        parse("--metrics-port", "9100", "--metrics-address", "0.0.0.0")
            .toSettings(new Validation(), Map.<String, String>of()::get);

    assertThat(settings).isEqualTo(new OpsSettings(9100, "0.0.0.0", LogFormat.TEXT));
  }

  @Test
  void minusOneTurnsTheEndpointsOffAndJsonIsCaseInsensitive() {
    OpsSettings settings =
        parse("--metrics-port", "-1", "--log-format", "JSON").toSettings(new Validation());

    assertThat(settings.serveEndpoints()).isFalse();
    assertThat(settings.logFormat()).isEqualTo(LogFormat.JSON);
  }

  @Test
  void invalidValuesAreReportedTogetherNamingFlagAndEnvVar() {
    Validation validation = new Validation();
    parse("--metrics-port", "http", "--log-format", "xml").toSettings(validation);

    assertThat(validation.errors())
        .containsExactly(
            "--metrics-port (env KEW_METRICS_PORT) must be a number or auto, was 'http'",
            "--log-format (env KEW_LOG_FORMAT) must be text or json, was 'xml'");
  }
}
