package dev.kew.consumer.sink;

import dev.kew.cli.Validation;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link SinkOptions} sees while it writes its sinks: where problems go, and the other
 * sinks' options (for settings several sinks share, such as the HTTP sinks' timeout).
 */
public record FlagSinkContext(Validation validation, List<SinkOptions> options) {

  public FlagSinkContext {
    options = List.copyOf(options);
  }

  /** The options of {@code type}, when a registered sink contributes them. */
  public <T extends SinkOptions> Optional<T> find(Class<T> type) {
    return options.stream().filter(type::isInstance).map(type::cast).findFirst();
  }
}
