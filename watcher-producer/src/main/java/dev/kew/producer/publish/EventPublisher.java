package dev.kew.producer.publish;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.producer.StartupException;
import dev.kew.producer.ops.ProducerMetrics;
import dev.kew.producer.reconcile.PublishedState;
import dev.kew.producer.watch.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes envelopes to the topic and, in the same Kafka transaction, what the next start needs to
 * the compacted state topic {@code <topic>.state} ({@link PublishedState}, a tombstone for
 * DELETED). Each event record is keyed by the object's UID and carries CloudEvents headers ({@link
 * CloudEventHeaders}).
 *
 * <p>Informer handlers hand events over without blocking ({@link EventSink}), already encoded on
 * their own threads (envelope, headers, state record); one publisher thread only sends them, in
 * transactions of whatever is queued (up to {@value #MAX_BATCH} events, one commit), so latency
 * stays one commit and, under load, the next batch is encoded while the previous one commits. At
 * most {@code maxInFlight} events wait or travel; when full, {@link #reserve()} says no and the
 * watcher pauses its informers.
 *
 * <p>Kafka outages: a commit that times out is retried, a transaction that failed is aborted (by a
 * fresh producer with the same {@code transactional.id}) and sent again; nothing is dropped. When
 * Kafka stayed unusable for longer than the outage limit, or another producer with the same {@code
 * transactional.id} fenced this one, or the failure cannot heal (authorization, a record too large
 * for the broker), {@link #failure()} completes exceptionally and nothing more is written.
 *
 * <p>An envelope larger than the producer's {@code max.request.size} is sent truncated: its object
 * replaced by a summary (identity, {@code sizeBytes}, {@code sha256}) and {@code truncated: true},
 * its patch kept when it fits; the state record then keeps the summary too.
 */
public final class EventPublisher implements EventSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  /**
   * Producer settings this application always sets, whatever the user's {@code --kafka-config} or
   * {@code -X} say: the serializers the envelope format needs, and idempotent, fully acknowledged
   * writes (transactions need both).
   */
  public static final Map<String, Object> FIXED_SETTINGS =
      Map.of(
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          StringSerializer.class.getName(),
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          ByteArraySerializer.class.getName(),
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          "true",
          ProducerConfig.ACKS_CONFIG,
          "all");

  /** Used when the user sets no {@code compression.type}. */
  public static final String DEFAULT_COMPRESSION = "zstd";

  /**
   * The most events one transaction carries. Large enough that a backlog drains in few commits
   * (each is a round trip to the coordinator and every partition's leader), small enough that a
   * transaction stays a few megabytes.
   */
  static final int MAX_BATCH = 2_000;

  /** Room for the record and batch framing around key, value and headers. */
  private static final int RECORD_OVERHEAD = 512;

  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final Supplier<Producer<String, byte[]>> producers;
  private final String topic;
  private final String stateTopic;
  private final String cluster;
  private final int maxRecordBytes;
  private final int maxInFlight;
  private final Duration outageLimit;
  private final ProducerMetrics metrics;
  private final Semaphore places;
  private final LinkedBlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong truncated = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong outages = new AtomicLong();
  private final CompletableFuture<Void> failure = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile Runnable afterCommit = () -> {};
  private volatile boolean closing;
  private Producer<String, byte[]> producer;
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
    this.producers = Objects.requireNonNull(producers, "producers");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.stateTopic = stateTopic(topic);
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.maxRecordBytes = maxRecordBytes;
    this.maxInFlight = maxInFlight;
    this.outageLimit = Objects.requireNonNull(outageLimit, "outageLimit");
    this.places = new Semaphore(maxInFlight);
  }

  /** A publisher whose {@link KafkaProducer}s are built from {@link #producerConfig}. */
  public static EventPublisher create(
      Map<String, String> clientProperties,
      String topic,
      String cluster,
      String transactionalId,
      int maxInFlight,
      Duration outageLimit,
      ProducerMetrics metrics) {
    Map<String, Object> config = producerConfig(clientProperties, transactionalId, outageLimit);
    return new EventPublisher(
        () -> new KafkaProducer<>(config),
        topic,
        cluster,
        maxRequestSize(config),
        maxInFlight,
        outageLimit,
        metrics);
  }

  /** {@code <topic>.state}: the compacted topic of the last published state of each object. */
  public static String stateTopic(String topic) {
    return topic + ".state";
  }

  /**
   * The effective {@code max.request.size} of a producer config: the user's, else Kafka's default.
   */
  public static int maxRequestSize(Map<String, Object> config) {
    Object value =
        config.getOrDefault(
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    return Integer.parseInt(value.toString().trim());
  }

  /**
   * The user's client properties (bootstrap servers, TLS/SASL, tuning such as {@code linger.ms}),
   * overlaid with {@link #FIXED_SETTINGS}; a user value for one of those keys is ignored, with a
   * warning. {@code compression.type} is {@value #DEFAULT_COMPRESSION} unless the user sets it.
   */
  public static Map<String, Object> producerConfig(Map<String, String> clientProperties) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, DEFAULT_COMPRESSION);
    FIXED_SETTINGS.forEach(
        (key, value) -> {
          Object given = config.put(key, value);
          if (given != null && !given.toString().equals(value.toString())) {
            log.warn(
                "Ignoring Kafka setting {}={}: the watcher always uses {}={}",
                key,
                given,
                key,
                value);
          }
        });
    return config;
  }

  /**
   * {@link #producerConfig(Map)} with {@code transactional.id} set (always ours), and, unless the
   * user set them, {@code max.block.ms} 10 s (how often a blocked commit is retried and the outage
   * limit checked) and {@code transaction.timeout.ms} the outage limit plus one minute (between 1
   * and 15 minutes) so the broker does not abort a transaction held through an outage.
   */
  public static Map<String, Object> producerConfig(
      Map<String, String> clientProperties, String transactionalId, Duration outageLimit) {
    Map<String, Object> config = producerConfig(clientProperties);
    Object given = config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    if (given != null && !given.equals(transactionalId)) {
      log.warn(
          "Ignoring Kafka setting transactional.id={}: the watcher derives it from cluster and"
              + " resources ({})",
          given,
          transactionalId);
    }
    config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    long txTimeout =
        Math.max(
            60_000, Math.min(900_000, outageLimit.toMillis() + Duration.ofMinutes(1).toMillis()));
    config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(txTimeout));
    return config;
  }

  /**
   * Initializes the transactional producer (which fences any earlier producer of this stream and
   * aborts the transaction it left open) and starts the publisher thread.
   *
   * @throws StartupException when Kafka does not answer within {@code timeout}, or refuses
   */
  public void start(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    producer = producers.get();
    while (true) {
      try {
        producer.initTransactions();
        break;
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
    if (!places.tryAcquire()) {
      return false;
    }
    peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    return true;
  }

  @Override
  public void cancel() {
    inFlight.decrementAndGet();
    places.release();
  }

  /**
   * Encodes one event (on the caller's thread) and queues it for the next transaction (a place was
   * reserved); does not block.
   */
  @Override
  public void accept(ChangeEvent event) {
    Headers headers = CloudEventHeaders.of(event);
    SerializableString objectJson = EventCodec.objectJson(event.object());
    Outgoing outgoing =
        new Outgoing(event, fitted(event, objectJson, headers), headers, state(event, objectJson));
    metrics.accepted(event);
    queue.add(outgoing);
  }

  /** Events committed to Kafka. */
  public long published() {
    return published.get();
  }

  /** Envelopes sent truncated because they were larger than {@code max.request.size}. */
  public long truncated() {
    return truncated.get();
  }

  /** Transactions committed. */
  public long transactions() {
    return transactions.get();
  }

  /** Times Kafka became unusable and the publisher waited for it. */
  public long outages() {
    return outages.get();
  }

  /** Events handed over and not yet committed. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The most events ever in flight at once; never more than {@link #maxInFlight()}. */
  public int peakInFlight() {
    return peakInFlight.get();
  }

  public int maxInFlight() {
    return maxInFlight;
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

  private void run() {
    List<Outgoing> batch = new ArrayList<>();
    try {
      while (true) {
        Outgoing first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing) {
            break;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(batch);
        batch.forEach(outgoing -> metrics.published(outgoing.event()));
        published.addAndGet(batch.size());
        inFlight.addAndGet(-batch.size());
        places.release(batch.size());
        batch.clear();
        afterCommit.run();
      }
      producer.close(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      producer.close(Duration.ZERO);
    } catch (FatalPublishException e) {
      metrics.sendError();
      producer.close(Duration.ZERO);
      failure.completeExceptionally(e.getCause());
    } catch (RuntimeException e) {
      log.error("The publisher stopped: {}", e.toString());
      producer.close(Duration.ZERO);
      failure.completeExceptionally(e);
    } finally {
      stopped.complete(null);
    }
  }

  /** Writes the batch in one transaction, however long Kafka is away (up to the outage limit). */
  private void commit(List<Outgoing> batch) throws InterruptedException {
    long troubleSince = 0;
    while (true) {
      try {
        producer.beginTransaction();
        for (Outgoing outgoing : batch) {
          String key = outgoing.event().uid();
          producer.send(
              new ProducerRecord<>(topic, null, key, outgoing.value(), outgoing.headers()));
          producer.send(new ProducerRecord<>(stateTopic, key, outgoing.state()));
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

  /** The state record value, or a tombstone for DELETED. */
  private byte[] state(ChangeEvent event, SerializableString objectJson) {
    if (event.type() == EventType.DELETED) {
      return null;
    }
    byte[] bytes = PublishedState.encode(cluster, objectJson);
    if (bytes.length + event.uid().length() + RECORD_OVERHEAD <= maxRecordBytes) {
      return bytes;
    }
    byte[] json = objectJson.asUnquotedUTF8();
    return new PublishedState(cluster, PublishedState.sha256(json), summary(event.object(), json))
        .toBytes();
  }

  /** The envelope's bytes, or those of its truncated form when it is too large to send. */
  private byte[] fitted(ChangeEvent event, SerializableString objectJson, Headers headers) {
    byte[] value = EventCodec.toBytes(event, objectJson);
    int framing = event.uid().length() + RECORD_OVERHEAD;
    for (Header header : headers) {
      framing += header.key().length() + header.value().length;
    }
    if (value.length + framing <= maxRecordBytes) {
      return value;
    }
    ChangeEvent small =
        event.withObjectSummary(summary(event.object(), objectJson.asUnquotedUTF8()));
    byte[] shortened = EventCodec.toBytes(small);
    if (shortened.length + framing > maxRecordBytes) {
      shortened = EventCodec.toBytes(small.withPatch(null));
    }
    truncated.incrementAndGet();
    log.warn(
        "{} of {} {} (uid {}, resourceVersion {}) is {} bytes, over max.request.size {}:"
            + " publishing it truncated ({} bytes)",
        event.type(),
        event.kind(),
        event.qualifiedName(),
        event.uid(),
        event.resourceVersion(),
        value.length,
        maxRecordBytes,
        shortened.length);
    return shortened;
  }

  /**
   * apiVersion, kind, metadata name/namespace/uid/resourceVersion, and the size and SHA-256 of
   * {@code json}, the object's JSON.
   */
  private static JsonNode summary(JsonNode object, byte[] json) {
    ObjectNode summary = EventCodec.mapper().createObjectNode();
    summary.set("apiVersion", object.get("apiVersion"));
    summary.set("kind", object.get("kind"));
    ObjectNode metadata = summary.putObject("metadata");
    for (String field : new String[] {"name", "namespace", "uid", "resourceVersion"}) {
      if (object.path("metadata").has(field)) {
        metadata.set(field, object.path("metadata").get(field));
      }
    }
    summary.put("sizeBytes", json.length);
    summary.put("sha256", PublishedState.sha256(json));
    return summary;
  }

  /**
   * An event as it is sent: its envelope's bytes, CloudEvents headers and state record value (a
   * tombstone for DELETED).
   */
  private record Outgoing(ChangeEvent event, byte[] value, Headers headers, byte[] state) {}

  /** A failure after which the publisher must not write again. */
  private static final class FatalPublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FatalPublishException(Throwable cause) {
      super(cause);
    }
  }
}
