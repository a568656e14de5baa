package dev.kew.consumer.output;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The formats {@code --output} accepts. */
public enum OutputFormat {
  /** Aligned columns for people: time, type, apiVersion, kind, namespace/name, resourceVersion. */
  PRETTY,
  /** One English sentence per event, as the ancestor app printed them. */
  SENTENCE,
  /** The envelope, one compact JSON document per line, for jq and friends. */
  JSON;

  /** A new formatter for one output stream (formatters may keep state such as column widths). */
  public EventFormatter newFormatter() {
    return switch (this) {
      case PRETTY -> new PrettyFormatter();
      case SENTENCE -> new SentenceFormatter();
      case JSON -> new JsonFormatter();
    };
  }

  /** The name as typed on the command line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code text}, ignoring case. */
  public static Optional<OutputFormat> parse(String text) {
    return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(text.trim())).findFirst();
  }

  /** {@code pretty, sentence, json}: for messages and help. */
  public static String names() {
    return Arrays.stream(values()).map(OutputFormat::cliName).collect(Collectors.joining(", "));
  }
}
