package dev.kew.consumer.sink;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.kew.cli.DurationConverter;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Binding of configuration trees to records, and the value syntaxes they share. */
public final class ConfigValues {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|m|h)");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .addModule(
              new SimpleModule("kew-config").addDeserializer(Duration.class, new Durations()))
          .build();

  private ConfigValues() {}

  /** The mapper that binds configuration trees: durations as {@code 10s}, lists or one value. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** One readable clause for a binding error: what is wrong with the field at its path. */
  public static String describe(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "is not a known setting here; known: "
          + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
    }
    if (e instanceof ValueInstantiationException && e.getCause() != null) {
      return e.getCause().getMessage();
    }
    String message = e.getOriginalMessage();
    int detail = message.indexOf("\": ");
    if (message.startsWith("Cannot deserialize") && detail > 0) {
      return "is invalid: " + message.substring(detail + 3);
    }
    return "is invalid: " + message;
  }

  /**
   * A size in bytes: {@code 1048576}, {@code 512KB}, {@code 100MB}, {@code 1GiB} (KB = KiB = 1024).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size: use e.g. 100MB, 512KB");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).substring(0, 1);
    return switch (unit) {
      case "k" -> amount << 10;
      case "m" -> amount << 20;
      case "g" -> amount << 30;
      default -> amount;
    };
  }

  /**
   * The least time between two messages for a rate: {@code 1/s} is one second, {@code 30/m} two
   * seconds; {@code none} or {@code 0} is no limit.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Duration parseRate(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("none") || value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = RATE.matcher(value);
    double count = m.matches() ? Double.parseDouble(m.group(1)) : 0;
    if (count <= 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a rate: use messages per time, e.g. 1/s, 30/m, or none");
    }
    long unitMillis =
        switch (m.group(2)) {
          case "s" -> 1_000L;
          case "m" -> 60_000L;
          default -> 3_600_000L;
        };
    return Duration.ofMillis(Math.round(unitMillis / count));
  }

  private static final class Durations extends StdScalarDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    Durations() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      if (text == null) {
        return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
      }
      try {
        return DurationConverter.parse(text);
      } catch (RuntimeException e) {
        return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, e.getMessage());
      }
    }
  }
}
