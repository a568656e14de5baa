package dev.kew.producer.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kew.ops.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The producer's own logback.xml, text and JSON: a logged name can never forge a line. */
class LogEscapingTest {

  private static final String HOSTILE_NAME = "web\n12:00:00.000 ERROR forged\u001b[2J\u202egnp.exe";

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final PrintStream originalErr = System.err;
  private final LoggerContext context = new LoggerContext();

  @BeforeEach
  void configureFromTheProducersLogbackXml() throws Exception {
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    context.setMDCAdapter(new LogbackMDCAdapter());
    URL config = getClass().getResource("/logback.xml");
    assertThat(config.toString()).contains("watcher-producer");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(config);
  }

  @AfterEach
  void restoreStderr() {
    context.stop();
    System.setErr(originalErr);
  }

  @ParameterizedTest
  @EnumSource(LogFormat.class)
  void aNameWithNewlineAndEscapeIsLoggedAsOneEscapedLine(LogFormat format) throws Exception {
    format.applyTo(context);

    context.getLogger("dev.kew.producer.watch.ChangeEventHandler").info("Deleted {}", HOSTILE_NAME);

    String output = stderr.toString(StandardCharsets.UTF_8);
    assertThat(output).endsWith("\n").doesNotContain("\u001b", "\u202e", "\r");
    assertThat(output.lines()).hasSize(1);
    String message =
        format == LogFormat.JSON
            ? new ObjectMapper().readTree(output).path("formattedMessage").asText()
            : output;
    assertThat(message).contains("Deleted web\\n12:00:00.000 ERROR forged\\u001b[2J\\u202egnp.exe");
  }
}
