package dev.kew.consumer.sink;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One sink as configured, before it is validated by its {@link SinkFactory}: its name, type and
 * settings, plus how to say where a setting was written (a line of the config file, or a flag).
 *
 * <p>The settings every sink shares ({@code retry}, {@code rateLimit}, {@code digestWindow}, {@code
 * maxDigest}, {@code onAuthFailure}) are read by {@link #policy}; a factory binds the rest to its
 * own record with {@link #bind}, which rejects unknown fields.
 */
public final class SinkSpec {

  private static final Set<String> SHARED =
      Set.of("name", "type", "retry", "rateLimit", "digestWindow", "maxDigest", "onAuthFailure");

  private final String name;
  private final String type;
  private final ObjectNode settings;
  private final String pointer;
  private final Function<String, String> locate;
  private final Function<String, String> env;

  /**
   * @param settings every field of the sink, shared and its own
   * @param pointer JSON pointer of the sink in its document, e.g. {@code /sinks/2}
   * @param locate turns a JSON pointer into a location for messages ({@code sinks.yaml line 12})
   * @param env environment lookup for {@code {env: NAME}} secrets
   */
  public SinkSpec(
      String name,
      String type,
      ObjectNode settings,
      String pointer,
      Function<String, String> locate,
      Function<String, String> env) {
    this.name = name;
    this.type = type;
    this.settings = settings;
    this.pointer = pointer;
    this.locate = locate;
    this.env = env;
  }

  public String name() {
    return name;
  }

  public String type() {
    return type;
  }

  /** {@code sink 'ops' (slack)}: how messages name this sink. */
  public String describe() {
    return "sink '" + name + "' (" + type + ")";
  }

  /**
   * Binds the sink's own settings (all but the shared ones) to {@code type}.
   *
   * @throws InvalidConfigException naming the field and its location
   */
  public <T> T bind(Class<T> type) {
    ObjectNode own = settings.deepCopy();
    own.remove(SHARED);
    return bind(own, type);
  }

  /**
   * The delivery policy: {@link SinkPolicy#defaults} with the shared settings applied.
   *
   * @throws InvalidConfigException naming every invalid shared setting
   */
  public SinkPolicy policy(boolean chat) {
    ObjectNode shared = settings.deepCopy();
    shared.retain(SHARED);
    shared.remove(List.of("name", "type"));
    Shared values = bind(shared, Shared.class);
    SinkPolicy defaults = SinkPolicy.defaults(chat);
    Retry retry = values.retry() == null ? new Retry(null, null, null) : values.retry();
    List<String> problems = new ArrayList<>();
    int maxAttempts = or(retry.maxAttempts(), defaults.maxAttempts());
    Duration initial = or(retry.initialBackoff(), defaults.initialBackoff());
    Duration max = or(retry.maxBackoff(), defaults.maxBackoff());
    check(maxAttempts >= 1, "retry/maxAttempts", "must be 1 or more", problems);
    check(
        !initial.isNegative() && !initial.isZero(),
        "retry/initialBackoff",
        "must be positive",
        problems);
    check(
        max.compareTo(initial) >= 0,
        "retry/maxBackoff",
        "must not be less than initialBackoff",
        problems);
    Duration minInterval = defaults.minInterval();
    if (values.rateLimit() != null) {
      try {
        minInterval = ConfigValues.parseRate(values.rateLimit());
      } catch (IllegalArgumentException e) {
        problems.add(at("rateLimit", e.getMessage()));
      }
    }
    Duration window = or(values.digestWindow(), defaults.digestWindow());
    check(!window.isNegative(), "digestWindow", "must not be negative", problems);
    int maxDigest = or(values.maxDigest(), defaults.maxDigest());
    check(maxDigest >= 1 && maxDigest <= 100, "maxDigest", "must be 1 to 100", problems);
    SinkPolicy.AuthFailure onAuthFailure = defaults.onAuthFailure();
    if (values.onAuthFailure() != null) {
      onAuthFailure = SinkPolicy.AuthFailure.parse(values.onAuthFailure()).orElse(null);
      check(onAuthFailure != null, "onAuthFailure", "must be wait or dead-letter", problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new SinkPolicy(maxAttempts, initial, max, minInterval, window, maxDigest, onAuthFailure);
  }

  /**
   * Resolves a secret: the value itself, an environment variable, or a file's trimmed content.
   *
   * @param field the setting's name, for messages
   * @throws InvalidConfigException when the variable is unset or the file unreadable or empty
   */
  public Secret secret(SecretRef ref, String field) {
    String value;
    if (ref.env() != null) {
      value = env.apply(ref.env());
      if (value == null || value.isBlank()) {
        throw problem(field, "environment variable " + ref.env() + " is not set");
      }
    } else if (ref.file() != null) {
      try {
        value = Files.readString(Path.of(ref.file()));
      } catch (IOException | RuntimeException e) {
        throw problem(field, "cannot read file " + ref.file());
      }
      if (value.isBlank()) {
        throw problem(field, "file " + ref.file() + " is empty");
      }
    } else {
      value = ref.value();
    }
    return new Secret(value.trim());
  }

  /** A problem with {@code field} (a path below the sink such as {@code retry/maxAttempts}). */
  public InvalidConfigException problem(String field, String message) {
    return new InvalidConfigException(at(field, message));
  }

  private String at(String field, String message) {
    String where = locate.apply(field.isEmpty() ? pointer : pointer + "/" + field);
    String setting = field.isEmpty() ? "" : " '" + field + "'";
    return where + ": " + describe() + setting + " " + message;
  }

  private <T> T bind(ObjectNode node, Class<T> type) {
    try {
      return ConfigValues.mapper().treeToValue(node, type);
    } catch (JsonMappingException e) {
      String field =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
              .collect(Collectors.joining("/"));
      throw problem(field, ConfigValues.describe(e));
    } catch (IOException e) {
      throw problem("", e.getMessage());
    }
  }

  private void check(boolean ok, String field, String message, List<String> problems) {
    if (!ok) {
      problems.add(at(field, message));
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  @Override
  public String toString() {
    return describe();
  }

  record Retry(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff) {}

  record Shared(
      Retry retry,
      String rateLimit,
      Duration digestWindow,
      Integer maxDigest,
      String onAuthFailure) {}
}
