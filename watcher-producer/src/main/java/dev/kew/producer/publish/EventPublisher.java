package dev.kew.producer.publish;

import dev.kew.model.ChangeEvent;
import dev.kew.producer.StartupException;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.publish.RecordEncoder.EncodedEvent;
import dev.kew.producer.publish.TransactionalWriter.FatalPublishException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes change events: takes them from the informer handlers without blocking, and sends them
 * from one publisher thread ({@code kew-publisher}) in Kafka transactions, each event to the topic
 * (keyed by the object's UID, with CloudEvents headers) and its state record to the compacted
 * {@code <topic>.state}.
 *
 * <p>Handlers reserve a place first ({@link InFlightLimit}: at most {@code maxInFlight} events wait
 * or travel; when full, {@link #reserve()} says no and the watcher pauses its informers), then hand
 * the event over; it is encoded on their thread ({@link RecordEncoder}) and queued. The publisher
 * thread sends whatever is queued, up to {@value #MAX_BATCH} events, in one transaction ({@link
 * TransactionalWriter}), so latency stays one commit and, under load, the next batch is encoded
 * while the previous one commits.
 *
 * <p>When Kafka stayed unusable for longer than the outage limit, or another producer with the same
 * {@code transactional.id} fenced this one, or the failure cannot heal (authorization, a record too
 * large for the broker), {@link #failure()} completes exceptionally and nothing more is written.
 */
public final class EventPublisher implements Outbox, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  /**
   * The most events one transaction carries. Large enough that a backlog drains in few commits
   * (each is a round trip to the coordinator and every partition's leader), small enough that a
   * transaction stays a few megabytes.
   */
  static final int MAX_BATCH = 2_000;

  private final RecordEncoder encoder;
  private final TransactionalWriter writer;
  private final InFlightLimit limit;
  private final ProducerMetrics metrics;
  private final LinkedBlockingQueue<EncodedEvent> queue = new LinkedBlockingQueue<>();
  private final AtomicLong published = new AtomicLong();
  private final CompletableFuture<Void> failure = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile Runnable afterCommit = () -> {};
  private volatile boolean closing;
  private Thread thread;

  /**
   * @param producers makes a transactional producer (a fresh one after a failed transaction)
   * @param topic the events topic; the state topic is {@link #stateTopic(String)}
   * @param cluster the cluster name written into the state records
   * @param maxRecordBytes the producer's {@code max.request.size}: larger envelopes are truncated
   * @param maxInFlight how many events may wait or travel before {@link #reserve()} says no
   * @param outageLimit how long Kafka may stay unusable before the publisher gives up
   * @param metrics where sends and acknowledgements are counted
   */
  public EventPublisher(
      Supplier<Producer<String, byte[]>> producers,
      String topic,
      String cluster,
      int maxRecordBytes,
      int maxInFlight,
      Duration outageLimit,
      ProducerMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.encoder = new RecordEncoder(Objects.requireNonNull(cluster, "cluster"), maxRecordBytes);
    this.writer =
        new TransactionalWriter(
            Objects.requireNonNull(producers, "producers"),
            Objects.requireNonNull(topic, "topic"),
            cluster,
            Objects.requireNonNull(outageLimit, "outageLimit"),
            metrics);
    this.limit = new InFlightLimit(maxInFlight);
  }

  /** A publisher whose {@link KafkaProducer}s are built from {@link ProducerClientConfig}. */
  public static EventPublisher create(
      Map<String, String> clientProperties,
      String topic,
      String cluster,
      String transactionalId,
      int maxInFlight,
      Duration outageLimit,
      ProducerMetrics metrics) {
    Map<String, Object> config =
        ProducerClientConfig.transactional(clientProperties, transactionalId, outageLimit);
    return new EventPublisher(
        () -> new KafkaProducer<>(config),
        topic,
        cluster,
        ProducerClientConfig.maxRequestSize(config),
        maxInFlight,
        outageLimit,
        metrics);
  }

  /** {@code <topic>.state}: the compacted topic of the last published state of each object. */
  public static String stateTopic(String topic) {
    return topic + ".state";
  }

  /**
   * Initializes the transactional producer (which fences any earlier producer of this stream and
   * aborts the transaction it left open) and starts the publisher thread.
   *
   * @throws StartupException when Kafka does not answer within {@code timeout}, or refuses
   */
  public void start(Duration timeout) {
    writer.start(timeout);
    thread = new Thread(this::run, "kew-publisher");
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs after every commit on the publisher thread; keep it short and non-blocking. */
  public void afterCommit(Runnable action) {
    this.afterCommit = Objects.requireNonNull(action, "action");
  }

  @Override
  public boolean reserve() {
    return limit.tryReserve();
  }

  @Override
  public void cancel() {
    limit.release(1);
  }

  /**
   * Encodes one event (on the caller's thread) and queues it for the next transaction (a place was
   * reserved); does not block.
   */
  @Override
  public void accept(ChangeEvent event) {
    EncodedEvent encoded = encoder.encode(event);
    metrics.accepted(event);
    queue.add(encoded);
  }

  /** Events committed to Kafka. */
  public long published() {
    return published.get();
  }

  /** Envelopes sent truncated because they were larger than {@code max.request.size}. */
  public long truncated() {
    return encoder.truncated();
  }

  /** Transactions committed. */
  public long transactions() {
    return writer.transactions();
  }

  /** Times Kafka became unusable and the publisher waited for it. */
  public long outages() {
    return writer.outages();
  }

  /** Events handed over and not yet committed. */
  public int inFlight() {
    return limit.inFlight();
  }

  /** The most events ever in flight at once; never more than {@link #maxInFlight()}. */
  public int peakInFlight() {
    return limit.peak();
  }

  public int maxInFlight() {
    return limit.limit();
  }

  /** Completes exceptionally when the publisher stopped without being closed. */
  public CompletableFuture<Void> failure() {
    return failure;
  }

  /** Commits what is queued (waiting up to {@code timeout}), then closes the producer. */
  public void close(Duration timeout) {
    closing = true;
    if (thread == null) {
      return;
    }
    try {
      stopped.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      log.warn("{} events were not committed before the close timeout", queue.size());
      thread.interrupt();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /** The publisher thread: what is queued, in transactions, until closed or failed. */
  private void run() {
    List<EncodedEvent> batch = new ArrayList<>();
    try {
      while (true) {
        EncodedEvent first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing) {
            break;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        writer.write(batch);
        batch.forEach(encoded -> metrics.published(encoded.event()));
        published.addAndGet(batch.size());
        limit.release(batch.size());
        batch.clear();
        afterCommit.run();
      }
      writer.close(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writer.close(Duration.ZERO);
    } catch (FatalPublishException e) {
      metrics.sendError();
      writer.close(Duration.ZERO);
      failure.completeExceptionally(e.getCause());
    } catch (RuntimeException e) {
      log.error("The publisher stopped: {}", e.toString());
      writer.close(Duration.ZERO);
      failure.completeExceptionally(e);
    } finally {
      stopped.complete(null);
    }
  }
}
