package dev.kew.consumer.delivery;

import dev.kew.model.ChangeEvent;
import dev.kew.model.EnvelopeReader;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns records into change events with {@link EnvelopeReader}, and speaks up, once per version,
 * when a writer uses a newer envelope revision than this consumer knows (its records are read all
 * the same, unknown fields ignored, and counted).
 */
final class RecordDecoder {

  private static final Logger log = LoggerFactory.getLogger(RecordDecoder.class);

  /** Versions warned about, at most {@value #MAX_WARNED}: a hostile writer cannot flood the log. */
  static final int MAX_WARNED = 16;

  private final DeliveryMetrics metrics;
  private final Set<Integer> warned = new HashSet<>();

  RecordDecoder(DeliveryMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * @throws dev.kew.model.MalformedEventException when the record is not a valid envelope
   */
  ChangeEvent decode(ConsumerRecord<String, byte[]> record) {
    ChangeEvent event = EnvelopeReader.read(record.key(), record.value());
    if (EnvelopeReader.isNewerThanReader(event)) {
      metrics.newerSchema(event.schemaVersion());
      if (warned.size() < MAX_WARNED && warned.add(event.schemaVersion())) {
        log.warn(
            "{}-{}@{} has schemaVersion {}, newer than this consumer knows ({}): such events are"
                + " read with the fields it knows; upgrade the consumer to use the others",
            record.topic(),
            record.partition(),
            record.offset(),
            event.schemaVersion(),
            ChangeEvent.SCHEMA_VERSION);
      }
    }
    return event;
  }
}
