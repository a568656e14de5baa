package dev.kew.consumer.sink;

import dev.kew.model.ChangeEvent;
import java.util.List;

/**
 * A sink that can carry several events in one message (chat): when events arrive faster than its
 * rate limit allows, or an object changes several times within the digest window, the delivery
 * layer hands it all of them at once, and it answers for the whole message.
 */
public interface DigestSink extends Sink {

  /** Delivers {@code events} (one or more, in the order read) as one message. */
  Delivery deliverDigest(List<ChangeEvent> events);

  /**
   * Like {@link #deliverDigest(List)}, told where each event's record is on the topic ({@code
   * records.get(i)} for {@code events.get(i)}), for sinks that link to it.
   */
  default Delivery deliverDigest(List<ChangeEvent> events, List<RecordRef> records) {
    return deliverDigest(events);
  }

  @Override
  default Delivery deliver(ChangeEvent event) {
    return deliverDigest(List.of(event));
  }
}
