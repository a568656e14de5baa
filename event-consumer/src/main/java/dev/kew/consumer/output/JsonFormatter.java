package dev.kew.consumer.output;

import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;

/** The envelope itself, as one compact JSON document per line (JSON Lines), ready for jq. */
public final class JsonFormatter implements EventFormatter {
  @Override
  public String format(ChangeEvent event) {
    return EventCodec.toJson(event);
  }
}
