package dev.kew.consumer.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/** Opens sinks from JSON settings the way a config file would, for tests. */
public final class Sinks {

  private Sinks() {}

  public static SinkFactory.Configured configure(String json) {
    return configure(json, Map.of());
  }

  public static SinkFactory.Configured configure(String json, Map<String, String> env) {
    try {
      ObjectNode node = (ObjectNode) ConfigValues.mapper().readTree(json);
      return SinkRegistry.load()
          .configure(
              new SinkSpec("test", node.path("type").asText(), node, "", p -> "test", env::get));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static Sink open(String json, Summarizer summaries) {
    return configure(json)
        .open(
            new SinkContext(
                new PrintStream(new ByteArrayOutputStream()), summaries, Clock.systemUTC()));
  }
}
