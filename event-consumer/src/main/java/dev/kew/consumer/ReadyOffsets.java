package dev.kew.consumer;

import dev.kew.consumer.delivery.Dispatcher;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Offsets whose records are completely handled, waiting to be committed. */
interface ReadyOffsets {

  /** Takes the offsets that may be committed now (empty when none moved). */
  Map<TopicPartition, OffsetAndMetadata> take();

  /** Puts back offsets whose commit did not happen, unless newer ones are ready meanwhile. */
  void putBack(Map<TopicPartition, OffsetAndMetadata> offsets);

  static ReadyOffsets of(Dispatcher d) {
    return new ReadyOffsets() {
      @Override
      public Map<TopicPartition, OffsetAndMetadata> take() {
        return d.committable();
      }

      @Override
      public void putBack(Map<TopicPartition, OffsetAndMetadata> offsets) {
        d.uncommitted(offsets);
      }
    };
  }
}
