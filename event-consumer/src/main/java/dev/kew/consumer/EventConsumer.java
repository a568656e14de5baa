package dev.kew.consumer;

import dev.kew.consumer.cli.ConsumerSettings;
import dev.kew.consumer.delivery.DeadLetterTopic;
import dev.kew.consumer.delivery.DeadLetters;
import dev.kew.consumer.delivery.DeliveryMetrics;
import dev.kew.consumer.delivery.Dispatcher;
import dev.kew.consumer.replay.ObjectHistory;
import dev.kew.consumer.replay.ObjectQuery;
import dev.kew.consumer.sink.Sink;
import dev.kew.consumer.sink.SinkContext;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkPolicy;
import dev.kew.consumer.sink.Summarizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads change events from Kafka in a consumer group and hands them to the {@link Dispatcher},
 * which routes them to the sinks; or, for {@code --uid}/{@code --object}, prints one object's
 * history.
 *
 * <p>Delivery is at least once: an offset is committed only once every sink its event routes to
 * accepted it or it went to the dead-letter topic, and on partition revocation for what was handled
 * so far. Partitions are shared with the group's other members by cooperative-sticky assignment.
 * {@link #run()} blocks on the calling thread; {@link #stop()} may be called from any thread (a
 * shutdown hook, a test) and makes {@code run()} finish in-flight deliveries (for at most {@value
 * #DRAIN_ON_STOP_SECONDS} s), commit and return.
 */
public final class EventConsumer {

  private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);
  private static final Duration MAX_POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration BUSY_POLL_TIMEOUT = Duration.ofMillis(50);

  /** How long a stop waits for queued deliveries (below the command's 30 s stop timeout). */
  static final long DRAIN_ON_STOP_SECONDS = 20;

  /** Reading pauses while this many records wait for their sinks, resumes at half. */
  static final int MAX_PENDING = 10_000;

  private final ConsumerSettings settings;
  private final PrintStream out;
  private final Summarizer summaries;
  private final Clock clock;
  private final MeterRegistry registry;

  private final AtomicReference<Consumer<?, ?>> kafka = new AtomicReference<>();
  private volatile boolean stopRequested;
  private volatile Dispatcher dispatcher;
  private KafkaClientMetrics kafkaMetrics;

  // Owned by the thread in run(), including the rebalance callbacks that poll() invokes.
  /** Where reading stops: each partition's end offset (for --no-follow and --until). */
  private final Map<TopicPartition, Long> endOffsets = new HashMap<>();

  /** Partitions that reached an event after --until. */
  private final Set<TopicPartition> finished = new HashSet<>();

  /** For --from-beginning and --since: partitions already moved to their start once. */
  private final Set<TopicPartition> rewound = new HashSet<>();

  private volatile boolean assigned;
  private boolean throttled;
  private volatile Instant lastPoll;

  public EventConsumer(ConsumerSettings settings, PrintStream out) {
    this(settings, out, Summarizer.PATCH, Clock.systemUTC());
  }

  public EventConsumer(
      ConsumerSettings settings, PrintStream out, Summarizer summaries, Clock clock) {
    this(settings, out, summaries, clock, new SimpleMeterRegistry());
  }

  /**
   * @param out the stdout sink's stream, and where a history prints
   * @param summaries describes changes in chat messages
   * @param registry receives the consumer's meters: its own counters and Kafka's client metrics
   *     (records lag per partition among them)
   */
  public EventConsumer(
      ConsumerSettings settings,
      PrintStream out,
      Summarizer summaries,
      Clock clock,
      MeterRegistry registry) {
    this.settings = settings;
    this.out = out;
    this.summaries = summaries;
    this.clock = clock;
    this.registry = registry;
  }

  /**
   * Reads and delivers events until {@link #stop()} is called or, with {@code follow} off, until
   * caught up with the end offsets seen when partitions were assigned, or with {@code until}, until
   * every partition got past that time. Call it once per instance.
   *
   * @throws java.io.UncheckedIOException when a sink's output can no longer be written (what it did
   *     not flush is not committed)
   * @throws KafkaException when Kafka fails in a way the client does not recover from, with {@code
   *     follow} off cannot be reached within {@code default.api.timeout.ms}, or the dead-letter
   *     topic cannot be written
   */
  public void run() {
    if (settings.history().isPresent()) {
      printHistory(settings.history().get());
      return;
    }
    DeadLetters deadLetters =
        settings
            .deadLetterTopic()
            .<DeadLetters>map(t -> new DeadLetterTopic(t, settings.kafka().clientProperties()))
            .orElseGet(DeadLetters::discarding);
    try (deadLetters;
        Dispatcher d = openSinks(deadLetters);
        KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                settings.consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
      dispatcher = d;
      kafka.set(consumer);
      kafkaMetrics = new KafkaClientMetrics(consumer);
      kafkaMetrics.bindTo(registry);
      log.info(
          "Reading {} from {} as group {} into {}{}{}{}",
          settings.kafka().topic(),
          settings.kafka().bootstrapServers(),
          settings.group(),
          settings.sinks().sinks().keySet(),
          settings.fromBeginning() ? ", from the beginning" : "",
          settings.since().map(t -> ", since " + t).orElse(""),
          settings.follow()
              ? settings.until().map(t -> ", until " + t).orElse("")
              : ", until caught up");
      try {
        if ((settings.follow() && settings.until().isEmpty()) || topicExists(consumer)) {
          consumer.subscribe(List.of(settings.kafka().topic()), new Rebalance(consumer, d));
          pollUntilDone(consumer, d);
        }
      } catch (WakeupException e) {
        // stop() was called: finish what is queued, commit, then close.
      }
      kafka.set(null);
      finish(consumer, d);
    } finally {
      if (kafkaMetrics != null) {
        kafkaMetrics.close();
      }
    }
    log.info(
        "Stopped after {} events ({} deliveries, {} dead-lettered, {} malformed records)",
        consumed(),
        delivered(),
        deadLettered(),
        malformed());
  }

  /** What keeps events from their sinks right now (for {@code /readyz}); empty when nothing. */
  public List<String> deliveryProblems() {
    Dispatcher d = dispatcher;
    return d == null ? List.of() : d.problems();
  }

  /** When the read loop last polled Kafka; empty before it first did. */
  public Optional<Instant> lastPoll() {
    return Optional.ofNullable(lastPoll);
  }

  /** Whether the group has given this consumer its partitions (possibly none) at least once. */
  public boolean joined() {
    return assigned;
  }

  /** Asks {@link #run()} to finish its in-flight deliveries, commit and return. Thread-safe. */
  public void stop() {
    stopRequested = true;
    Consumer<?, ?> consumer = kafka.get();
    if (consumer != null) {
      consumer.wakeup();
    }
  }

  /** Valid events read so far. */
  public long consumed() {
    Dispatcher d = dispatcher;
    return d == null ? 0 : d.consumed();
  }

  /** Deliveries sinks accepted so far (an event routed to two sinks counts twice). */
  public long delivered() {
    Dispatcher d = dispatcher;
    return d == null ? 0 : d.delivered();
  }

  /** Deliveries that went to the dead-letter topic after a sink failed. */
  public long deadLettered() {
    Dispatcher d = dispatcher;
    return d == null ? 0 : d.deadLettered();
  }

  /** Records that were not valid change events (sent to the dead-letter topic). */
  public long malformed() {
    Dispatcher d = dispatcher;
    return d == null ? 0 : d.malformed();
  }

  private Dispatcher openSinks(DeadLetters deadLetters) {
    SinkContext context = new SinkContext(out, summaries, clock);
    Map<String, Sink> sinks = new LinkedHashMap<>();
    Map<String, SinkPolicy> policies = new HashMap<>();
    for (Map.Entry<String, SinkFactory.Configured> e : settings.sinks().sinks().entrySet()) {
      sinks.put(e.getKey(), e.getValue().open(context));
      policies.put(e.getKey(), e.getValue().policy());
    }
    return new Dispatcher(
        sinks,
        policies,
        settings.filter(),
        settings.sinks().routes(),
        deadLetters,
        new DeliveryMetrics(registry),
        clock);
  }

  private void printHistory(ObjectQuery query) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            settings.historyConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
      kafka.set(consumer);
      if (stopRequested) {
        return;
      }
      new ObjectHistory(
              settings.kafka().topic(),
              query,
              settings.since(),
              settings.until(),
              settings.output().newFormatter(),
              out)
          .run(consumer, () -> stopRequested);
    } catch (WakeupException e) {
      // stop() was called
    } finally {
      kafka.set(null);
    }
  }

  /**
   * For --no-follow and --until: a topic that does not exist has nothing to read. Also fails fast
   * (after {@code default.api.timeout.ms}) when Kafka cannot be reached, instead of waiting for an
   * assignment.
   */
  private boolean topicExists(Consumer<?, ?> consumer) {
    List<PartitionInfo> partitions;
    try {
      partitions = consumer.partitionsFor(settings.kafka().topic());
    } catch (TimeoutException e) {
      throw new TimeoutException(
          "Kafka at "
              + settings.kafka().bootstrapServers()
              + " did not answer within default.api.timeout.ms",
          e);
    }
    if (partitions.isEmpty()) {
      log.info("Topic {} does not exist; nothing to read", settings.kafka().topic());
      return false;
    }
    return true;
  }

  private void pollUntilDone(Consumer<String, byte[]> consumer, Dispatcher d) {
    boolean finishing = false;
    long until = settings.until().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
    while (!stopRequested) {
      lastPoll = clock.instant();
      for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout(d))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (finished.contains(partition)) {
          continue;
        }
        if (record.timestamp() > until) {
          finished.add(partition);
          log.info("{} reached {}", partition, settings.until().orElseThrow());
          continue;
        }
        d.accept(record);
      }
      d.collect();
      commit(consumer, d);
      if (!finishing && reachedTheEnd(consumer)) {
        finishing = true;
        d.finishing();
        log.info("Caught up with {}; finishing deliveries", settings.kafka().topic());
      }
      flowControl(consumer, d, finishing);
      if (finishing && d.pending() == 0) {
        return;
      }
    }
  }

  /** Short while deliveries are under way, so their outcomes are committed promptly. */
  private static Duration pollTimeout(Dispatcher d) {
    return d.pending() > 0 ? BUSY_POLL_TIMEOUT : MAX_POLL_TIMEOUT;
  }

  /** True when no more records are to be read: --no-follow caught up, or --until reached. */
  private boolean reachedTheEnd(Consumer<?, ?> consumer) {
    if (!assigned || !needEndOffsets()) {
      return false;
    }
    Set<TopicPartition> partitions = consumer.assignment();
    recordEndOffsets(consumer, partitions);
    for (TopicPartition partition : partitions) {
      if (!finished.contains(partition)
          && consumer.position(partition) < endOffsets.get(partition)) {
        return false;
      }
    }
    return true;
  }

  /** --no-follow stops at the end offsets seen at assignment; --until at those once it passed. */
  private boolean needEndOffsets() {
    return !settings.follow()
        || settings.until().map(t -> !clock.instant().isBefore(t)).orElse(false);
  }

  private void recordEndOffsets(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    List<TopicPartition> missing =
        partitions.stream().filter(p -> !endOffsets.containsKey(p)).toList();
    if (!missing.isEmpty()) {
      endOffsets.putAll(consumer.endOffsets(missing));
    }
  }

  /**
   * Pauses partitions past --until, everything once finishing, and everything while too many
   * records wait for their sinks (resuming at half), so memory stays bounded; polling goes on
   * meanwhile, so the group never sees this consumer miss {@code max.poll.interval.ms}.
   */
  private void flowControl(Consumer<?, ?> consumer, Dispatcher d, boolean finishing) {
    int pending = d.pending();
    if (!throttled && pending >= MAX_PENDING) {
      throttled = true;
      log.info("{} records wait for their sinks; pausing reads", pending);
    } else if (throttled && pending < MAX_PENDING / 2) {
      throttled = false;
      log.info("Resuming reads");
    }
    Set<TopicPartition> assignment = consumer.assignment();
    Set<TopicPartition> paused = new HashSet<>();
    for (TopicPartition partition : assignment) {
      if (finishing || throttled || finished.contains(partition)) {
        paused.add(partition);
      }
    }
    consumer.pause(paused);
    Set<TopicPartition> running = new HashSet<>(assignment);
    running.removeAll(paused);
    consumer.resume(running);
  }

  /** After a stop or the end: delivers what is queued (bounded), commits. */
  private void finish(Consumer<?, ?> consumer, Dispatcher d) {
    int left = d.drain(Duration.ofSeconds(DRAIN_ON_STOP_SECONDS));
    commit(consumer, d);
    if (left > 0) {
      log.warn("{} deliveries were still pending; they will be made again on the next start", left);
    }
  }

  private void commit(Consumer<?, ?> consumer, Dispatcher d) {
    Map<TopicPartition, OffsetAndMetadata> offsets = d.committable();
    if (offsets.isEmpty()) {
      return;
    }
    try {
      try {
        consumer.commitSync(offsets);
      } catch (WakeupException e) {
        // stop() interrupted the commit; the wake-up is used up, so the commit can be retried.
        consumer.commitSync(offsets);
        stopRequested = true;
      }
    } catch (RebalanceInProgressException | CommitFailedException e) {
      // Retried after the rebalance; partitions that moved away are forgotten by the callbacks
      // and their events delivered again by the new owner.
      d.uncommitted(offsets);
      log.info("Commit deferred by a rebalance: {}", e.getMessage());
      return;
    }
    log.debug("Committed {}", offsets);
  }

  /** Keeps offsets, --from-beginning, --since and --no-follow right across rebalances. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final Consumer<?, ?> consumer;
    private final Dispatcher d;

    Rebalance(Consumer<?, ?> consumer, Dispatcher d) {
      this.consumer = consumer;
      this.d = d;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      commit(consumer, d);
      d.forget(partitions);
      log.info("Revoked {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      d.forget(partitions);
      log.warn("Lost partitions {}; their last events may be delivered again", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assigned = true;
      if (partitions.isEmpty()) {
        if (consumer.assignment().isEmpty()) {
          log.info("No partitions of {} assigned to this consumer", settings.kafka().topic());
        }
        return;
      }
      log.info("Assigned {}", partitions);
      List<TopicPartition> fresh = partitions.stream().filter(p -> !rewound.contains(p)).toList();
      if (settings.fromBeginning()) {
        consumer.seekToBeginning(fresh);
      } else if (settings.since().isPresent()) {
        seekToTime(fresh, settings.since().get());
      }
      rewound.addAll(fresh);
      if (needEndOffsets()) {
        recordEndOffsets(consumer, partitions);
      }
    }

    private void seekToTime(List<TopicPartition> partitions, Instant since) {
      Map<TopicPartition, Long> times = new HashMap<>();
      partitions.forEach(p -> times.put(p, since.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
      for (TopicPartition partition : partitions) {
        OffsetAndTimestamp at = offsets.get(partition);
        if (at == null) {
          consumer.seekToEnd(List.of(partition));
        } else {
          consumer.seek(partition, at.offset());
        }
      }
    }
  }
}
