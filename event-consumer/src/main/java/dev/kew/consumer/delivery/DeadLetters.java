package dev.kew.consumer.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where records go that a sink could not take, or that are not valid events. */
public interface DeadLetters extends AutoCloseable {

  /** Header: the sink that failed (absent for a malformed record). */
  String SINK = "kew.error.sink";

  /** Header: why, e.g. {@code HTTP 400: invalid_payload} or {@code malformed: ...}. */
  String REASON = "kew.error.reason";

  /** Header: the last HTTP status, when there was one. */
  String STATUS = "kew.error.status";

  /** Header: how many attempts were made. */
  String ATTEMPTS = "kew.error.attempts";

  String ORIGINAL_TOPIC = "kew.original.topic";
  String ORIGINAL_PARTITION = "kew.original.partition";
  String ORIGINAL_OFFSET = "kew.original.offset";

  /**
   * Stores {@code record} with the failure; returns once it is durable.
   *
   * @param sink the sink that failed, or null for a record that is not a valid event
   * @param status HTTP status, or 0
   * @throws org.apache.kafka.common.KafkaException when the record cannot be stored (fatal: the
   *     offset must not be committed)
   */
  void send(
      ConsumerRecord<String, byte[]> record, String sink, String reason, int status, int attempts);

  @Override
  void close();

  /** No dead-letter topic ({@code --dlq-topic none}): records are logged and skipped. */
  static DeadLetters discarding() {
    return new DeadLetters() {
      @Override
      public void send(
          ConsumerRecord<String, byte[]> record,
          String sink,
          String reason,
          int status,
          int attempts) {
        org.slf4j.LoggerFactory.getLogger(DeadLetters.class)
            .warn(
                "Skipping {}-{}@{} (no dead-letter topic): {}",
                record.topic(),
                record.partition(),
                record.offset(),
                reason);
      }

      @Override
      public void close() {}
    };
  }
}
