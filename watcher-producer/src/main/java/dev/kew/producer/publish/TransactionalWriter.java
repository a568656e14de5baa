package dev.kew.producer.publish;

import dev.kew.producer.StartupException;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.publish.RecordEncoder.EncodedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of encoded events, each event with its state record, in one Kafka transaction per
 * batch, however long Kafka is away up to the outage limit: a commit that times out is retried, a
 * transaction that failed is aborted (by a fresh producer with the same {@code transactional.id})
 * and sent again; nothing is dropped. Used by one thread at a time.
 */
final class TransactionalWriter {

  private static final Logger log = LoggerFactory.getLogger(TransactionalWriter.class);

  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final Supplier<Producer<String, byte[]>> producers;
  private final String topic;
  private final String stateTopic;
  private final String cluster;
  private final Duration outageLimit;
  private final ProducerMetrics metrics;
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong outages = new AtomicLong();
  private Producer<String, byte[]> producer;

  TransactionalWriter(
      Supplier<Producer<String, byte[]>> producers,
      String topic,
      String cluster,
      Duration outageLimit,
      ProducerMetrics metrics) {
    this.producers = producers;
    this.topic = topic;
    this.stateTopic = EventPublisher.stateTopic(topic);
    this.cluster = cluster;
    this.outageLimit = outageLimit;
    this.metrics = metrics;
  }

  /**
   * Initializes the transactional producer, which fences any earlier producer of this stream and
   * aborts the transaction it left open.
   *
   * @throws StartupException when Kafka does not answer within {@code timeout}, or refuses
   */
  void start(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    producer = producers.get();
    while (true) {
      try {
        producer.initTransactions();
        return;
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          producer.close(Duration.ZERO);
          throw new StartupException(
              "Kafka did not initialize the transactional producer within "
                  + timeout.toMillis()
                  + " ms; check --bootstrap-servers (KEW_BOOTSTRAP_SERVERS) and that the broker is"
                  + " up.",
              false,
              e);
        }
      } catch (KafkaException e) {
        producer.close(Duration.ZERO);
        throw new StartupException(
            "Kafka refused the transactional producer: " + e.getMessage(), false, e);
      }
    }
  }

  /**
   * Writes the batch in one transaction, however long Kafka is away (up to the outage limit).
   *
   * @throws FatalPublishException when this producer must not write again
   */
  void write(List<EncodedEvent> batch) throws InterruptedException {
    long troubleSince = 0;
    while (true) {
      try {
        producer.beginTransaction();
        for (EncodedEvent encoded : batch) {
          String key = encoded.event().uid();
          producer.send(new ProducerRecord<>(topic, null, key, encoded.value(), encoded.headers()));
          producer.send(new ProducerRecord<>(stateTopic, key, encoded.state()));
        }
        troubleSince = commitRetryingTimeouts(troubleSince, batch.size());
        transactions.incrementAndGet();
        if (troubleSince != 0) {
          log.info(
              "Kafka is usable again after {} s; committed the {} events held",
              (System.nanoTime() - troubleSince) / 1_000_000_000,
              batch.size());
        }
        return;
      } catch (KafkaException e) {
        if (fatal(e)) {
          throw new FatalPublishException(e);
        }
        troubleSince = trouble(troubleSince, e, batch.size());
        renewProducer(troubleSince, batch.size());
      }
    }
  }

  /** Closes the producer, waiting up to {@code timeout} for what it still sends. */
  void close(Duration timeout) {
    producer.close(timeout);
  }

  /** Transactions committed. */
  long transactions() {
    return transactions.get();
  }

  /** Times Kafka became unusable and the writer waited for it. */
  long outages() {
    return outages.get();
  }

  private long commitRetryingTimeouts(long troubleSince, int held) {
    while (true) {
      try {
        producer.commitTransaction();
        return troubleSince;
      } catch (TimeoutException e) {
        troubleSince = trouble(troubleSince, e, held);
      }
    }
  }

  /** Replaces the producer after a failed transaction: the new one aborts it. */
  private void renewProducer(long troubleSince, int held) throws InterruptedException {
    producer.close(Duration.ZERO);
    while (true) {
      producer = producers.get();
      try {
        producer.initTransactions();
        return;
      } catch (KafkaException e) {
        if (fatal(e)) {
          throw new FatalPublishException(e);
        }
        trouble(troubleSince, e, held);
        producer.close(Duration.ZERO);
        Thread.sleep(RETRY_PAUSE.toMillis());
      }
    }
  }

  /** Notes a failure; gives up once Kafka was unusable for longer than the outage limit. */
  private long trouble(long troubleSince, KafkaException e, int held) {
    long now = System.nanoTime();
    metrics.sendError();
    if (troubleSince == 0) {
      outages.incrementAndGet();
      log.warn(
          "Kafka is not usable ({}); holding {} events and retrying for up to {} s"
              + " (--kafka-outage-limit)",
          e.toString(),
          held,
          outageLimit.toSeconds());
      return now;
    }
    if (now - troubleSince > outageLimit.toNanos()) {
      log.error(
          "Kafka has not been usable for {} s, longer than --kafka-outage-limit; stopping. The"
              + " next start publishes what changed meanwhile: {}",
          outageLimit.toSeconds(),
          e.toString());
      throw new FatalPublishException(
          new KafkaException("Kafka unusable for longer than the outage limit", e));
    }
    log.debug("Kafka still not usable: {}", e.toString());
    return troubleSince;
  }

  private boolean fatal(KafkaException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        // Kafka 4 reports a newer producer of the same transactional.id either way. (A broker
        // abort of a transaction open too long would too, but transaction.timeout.ms is longer
        // than the outage limit.) Taking over again would fence the new producer in turn.
        log.error(
            "Another producer for the same stream (transactional.id of cluster {} and these"
                + " resources) took over; this one stops and writes nothing more ({})",
            cluster,
            t.toString());
        return true;
      }
      if (t instanceof AuthorizationException
          || t instanceof AuthenticationException
          || t instanceof UnsupportedVersionException
          || t instanceof InvalidConfigurationException
          || t instanceof RecordTooLargeException) {
        log.error("Cannot publish to topic {}: {}", topic, t.toString());
        return true;
      }
    }
    return false;
  }

  /** A failure after which the publisher must not write again; its cause says why. */
  static final class FatalPublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FatalPublishException(Throwable cause) {
      super(cause);
    }
  }
}
