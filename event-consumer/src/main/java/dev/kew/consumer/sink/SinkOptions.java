package dev.kew.consumer.sink;

import dev.kew.cli.Validation;
import java.util.List;

/**
 * The command-line flags of one sink type, as a picocli mixin that its {@link SinkFactory}
 * contributes through {@link SinkFactory#options()}, so a sink's flags live in its own package.
 *
 * <p>A flag sink is written as a configuration file would write it ({@link FlagSink}) and goes
 * through the same factory, so flags and files are validated alike; messages name the flags.
 */
public interface SinkOptions {

  /** The flags given that ask for a sink, such as {@code --webhook-url}; empty when none was. */
  List<String> requested();

  /** Checks, once, settings that every flag sink shares; called when any sink flag was given. */
  default void check(Validation validation) {}

  /** Reports settings given without the flag that asks for their sink; called when none was. */
  default void checkAlone(Validation validation) {}

  /** The sinks that {@link #requested()} asks for (none when it is empty). */
  List<FlagSink> sinks(FlagSinkContext context);
}
