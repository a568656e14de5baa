package dev.kew.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogFormatTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private OutputStreamAppender<ILoggingEvent> appender;

  @BeforeEach
  void addAppender() {
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%level %logger{0} - %msg%n");
    text.start();
    appender = new OutputStreamAppender<>();
    appender.setName("capture");
    appender.setContext(context);
    appender.setEncoder(text);
    appender.setOutputStream(out);
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void removeAppender() {
    root.detachAppender(appender);
    appender.stop();
  }

  @Test
  void textLeavesTheConfiguredLayout() {
    LogFormat.TEXT.apply();
    LoggerFactory.getLogger("dev.kew.Watcher").info("Watching {} kinds", 4);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("INFO Watcher - Watching 4 kinds\n");
  }

  @Test
  void jsonWritesOneJsonObjectPerLine() throws Exception {
    LogFormat.JSON.apply();
    LoggerFactory.getLogger("dev.kew.Watcher").warn("Kafka at {} is slow", "k1:9092");

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines[0]);
    assertThat(line.path("level").asText()).isEqualTo("WARN");
    assertThat(line.path("loggerName").asText()).isEqualTo("dev.kew.Watcher");
    assertThat(line.path("formattedMessage").asText()).isEqualTo("Kafka at k1:9092 is slow");
    assertThat(line.has("arguments")).as("arguments are not repeated").isFalse();
  }

  @Test
  void jsonEscapesTheMessageAsTheTextFormatDoes() throws Exception {
    LogFormat.JSON.apply();
    LoggerFactory.getLogger("dev.kew.Watcher")
        .warn("Deleted {}", "web\n2026-12-02 ERROR forged\u001b[31m\u202egnp.exe");

    String output = out.toString(StandardCharsets.UTF_8);
    assertThat(output.split("\n")).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(output);
    assertThat(line.path("formattedMessage").asText())
        .isEqualTo("Deleted web\\n2026-12-02 ERROR forged\\u001b[31m\\u202egnp.exe");
  }
}
