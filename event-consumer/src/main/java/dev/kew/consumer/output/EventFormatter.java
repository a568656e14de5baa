package dev.kew.consumer.output;

import dev.kew.model.ChangeEvent;

/** Turns one change event into one line of output (without the line separator). */
public interface EventFormatter {
  String format(ChangeEvent event);
}
