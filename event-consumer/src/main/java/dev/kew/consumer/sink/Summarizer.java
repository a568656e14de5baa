package dev.kew.consumer.sink;

import dev.kew.model.ChangeEvent;
import dev.kew.summary.ChangeSummary;
import java.util.Optional;

/** Describes what changed in an event in a few words, for chat messages. */
@FunctionalInterface
public interface Summarizer {

  /** No summaries: chat messages then show type, kind, name and cluster only. */
  Summarizer NONE = event -> Optional.empty();

  /** The summary of a MODIFIED event's JSON Patch ({@link ChangeSummary}). */
  Summarizer PATCH = ChangeSummary::of;

  Optional<String> of(ChangeEvent event);
}
