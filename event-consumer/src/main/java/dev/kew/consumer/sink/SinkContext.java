package dev.kew.consumer.sink;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sink may use at run time besides its own settings.
 *
 * @param stdout the process's standard output (for the stdout sink)
 * @param summaries how to describe a change in a sentence, for chat messages
 * @param clock the time source (for Retry-After dates)
 * @param history links to the history service's pages, for chat messages ({@code --history-url})
 */
public record SinkContext(
    PrintStream stdout, Summarizer summaries, Clock clock, Optional<HistoryLinks> history) {
  public SinkContext {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(summaries, "summaries");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(history, "history");
  }

  /** A context without a history service. */
  public SinkContext(PrintStream stdout, Summarizer summaries, Clock clock) {
    this(stdout, summaries, clock, Optional.empty());
  }
}
