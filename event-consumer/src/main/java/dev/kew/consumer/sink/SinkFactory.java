package dev.kew.consumer.sink;

import java.util.List;
import java.util.function.Function;

/**
 * Makes sinks of one type. Implementations are found with {@link java.util.ServiceLoader} (listed
 * in {@code META-INF/services/dev.kew.consumer.sink.SinkFactory}), so adding a sink touches its own
 * package and one line there.
 */
public interface SinkFactory {

  /** The {@code type:} of the configuration, e.g. {@code webhook}. Unique among factories. */
  String type();

  /**
   * Validates the sink's settings at start-up, before anything is opened.
   *
   * @throws InvalidConfigException naming each invalid setting and where it was written
   */
  Configured configure(SinkSpec spec);

  /**
   * New instances of the picocli mixins that hold this type's command-line flags, in the order the
   * help lists them; none when the type is configured only in a {@code --config} file.
   */
  default List<SinkOptions> options() {
    return List.of();
  }

  /**
   * A validated sink, ready to open.
   *
   * @param policy the delivery policy (retry, rate limit, digest) for this sink
   * @param opener opens the sink; cheap and without I/O (files and connections open on first use)
   */
  record Configured(SinkPolicy policy, Function<SinkContext, Sink> opener) {
    public Sink open(SinkContext context) {
      return opener.apply(context);
    }
  }
}
