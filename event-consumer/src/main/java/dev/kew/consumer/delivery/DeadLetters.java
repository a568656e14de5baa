package dev.kew.consumer.delivery;

import dev.kew.ops.PrintableText;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.LoggerFactory;

/** Where records go that a sink could not take, or that are not valid events. */
public interface DeadLetters extends AutoCloseable {

  /**
   * Header: where it failed, {@link Failure#DECODE}, {@link Failure#ROUTE} or {@link
   * Failure#DELIVER}.
   */
  String STAGE = "kew.error.stage";

  /** Header: the sink that failed (absent before delivery). */
  String SINK = "kew.error.sink";

  /** Header: the class of the exception that caused it, when one did. */
  String CLASS = "kew.error.class";

  /**
   * Header: why, e.g. {@code HTTP 400: invalid_payload} or {@code malformed: ...}; escaped, cut.
   */
  String REASON = "kew.error.reason";

  /** Header: the last HTTP status, when there was one. */
  String STATUS = "kew.error.status";

  /** Header: how many attempts were made. */
  String ATTEMPTS = "kew.error.attempts";

  String ORIGINAL_TOPIC = "kew.original.topic";
  String ORIGINAL_PARTITION = "kew.original.partition";
  String ORIGINAL_OFFSET = "kew.original.offset";

  /** The longest reason written to a header or a log line. */
  int MAX_REASON_CHARS = 1000;

  /**
   * Why a record is dead-lettered.
   *
   * @param stage {@link #DECODE} (not a valid envelope), {@link #ROUTE} (filters or routes failed
   *     on it) or {@link #DELIVER} (a sink rejected it, ran out of retries, or threw)
   * @param sink the sink, or null before delivery
   * @param reason what went wrong (escaped and cut when written)
   * @param status the last HTTP status, or 0
   * @param attempts how many attempts were made
   * @param errorClass the exception's class, or null when a sink classified the failure itself
   */
  record Failure(
      String stage, String sink, String reason, int status, int attempts, String errorClass) {
    public static final String DECODE = "decode";
    public static final String ROUTE = "route";
    public static final String DELIVER = "deliver";

    public Failure {
      reason = PrintableText.cut(reason, MAX_REASON_CHARS);
    }

    /** A failure caused by {@code error} at {@code stage}. */
    public static Failure thrown(String stage, String sink, Throwable error, int attempts) {
      String message = error.getMessage() == null ? error.toString() : error.getMessage();
      String reason = stage.equals(DECODE) ? "malformed: " + message : message;
      return new Failure(stage, sink, reason, 0, attempts, error.getClass().getName());
    }
  }

  /**
   * Starts storing {@code record} with the failure; the future completes once it is durable, or
   * fails when it cannot be stored (the offset must then not be committed past it).
   *
   * @throws org.apache.kafka.common.KafkaException when the write cannot even start
   */
  Future<?> send(ConsumerRecord<String, byte[]> record, Failure failure);

  @Override
  void close();

  /** No dead-letter topic ({@code --dlq-topic none}): records are logged and skipped. */
  static DeadLetters discarding() {
    return new DeadLetters() {
      @Override
      public Future<?> send(ConsumerRecord<String, byte[]> record, Failure failure) {
        LoggerFactory.getLogger(DeadLetters.class)
            .warn(
                "Skipping {}-{}@{} (no dead-letter topic): {}",
                record.topic(),
                record.partition(),
                record.offset(),
                failure.reason());
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void close() {}
    };
  }
}
