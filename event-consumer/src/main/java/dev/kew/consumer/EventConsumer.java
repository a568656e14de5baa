package dev.kew.consumer;

import dev.kew.consumer.delivery.DeadLetters;
import dev.kew.consumer.delivery.Dispatcher;
import dev.kew.consumer.sink.HistoryLinks;
import dev.kew.consumer.sink.SinkContext;
import dev.kew.consumer.sink.Summarizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer app's life cycle: opens the sinks, the dead-letter topic and the Kafka consumer,
 * joins the group and runs the {@link ReadLoop} until stopped or done, then closes them; or, for
 * {@code --uid}/{@code --object}, runs a {@link HistoryRun}. Reports its state to {@code /readyz}
 * and the counters.
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
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private volatile Dispatcher dispatcher;
  private volatile PartitionChanges partitionChanges;
  private volatile OffsetCommits commits;
  private volatile ReadLoop loop;
  private KafkaClientMetrics kafkaMetrics;

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
      new HistoryRun(settings, settings.history().get(), out).run(kafka, stopRequested);
      return;
    }
    DeadLetters deadLetters = OpenSinks.deadLetters(settings);
    try (deadLetters;
        Dispatcher d =
            OpenSinks.dispatcher(
                settings,
                deadLetters,
                new SinkContext(
                    out, summaries, clock, settings.historyService().map(HistoryLinks::new)),
                registry,
                clock);
        KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                settings.consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
      dispatcher = d;
      OffsetCommits offsetCommits = new OffsetCommits(clock, registry);
      commits = offsetCommits;
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
        if ((settings.follow() && settings.until().isEmpty())
            || ReadBounds.topicExists(consumer, settings.kafka())) {
          ReadBounds bounds =
              new ReadBounds(
                  settings.fromBeginning(),
                  settings.since(),
                  settings.follow(),
                  settings.until(),
                  clock);
          PartitionChanges changes =
              new PartitionChanges(
                  consumer,
                  d,
                  offsetCommits,
                  bounds,
                  settings.kafka().topic(),
                  () -> stopRequested.set(true));
          partitionChanges = changes;
          loop =
              new ReadLoop(
                  consumer,
                  d,
                  offsetCommits,
                  bounds,
                  changes,
                  clock,
                  settings.kafka().topic(),
                  stopRequested);
          consumer.subscribe(List.of(settings.kafka().topic()), changes);
          loop.run();
        }
      } catch (WakeupException e) {
        // stop() was called: finish what is queued, commit, then close.
      }
      kafka.set(null);
      ReadLoop.finish(consumer, d, offsetCommits);
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

  /**
   * Why offsets cannot be committed right now (for {@code /readyz}), such as "Kafka unreachable
   * since ..."; empty when commits succeed. The consumer keeps running meanwhile.
   */
  public Optional<String> commitProblem() {
    OffsetCommits c = commits;
    return c == null ? Optional.empty() : c.problem();
  }

  /** When the read loop last polled Kafka; empty before it first did. */
  public Optional<Instant> lastPoll() {
    ReadLoop l = loop;
    return l == null ? Optional.empty() : l.lastPoll();
  }

  /** Whether the group has given this consumer its partitions (possibly none) at least once. */
  public boolean joined() {
    PartitionChanges changes = partitionChanges;
    return changes != null && changes.assigned();
  }

  /** Asks {@link #run()} to finish its in-flight deliveries, commit and return. Thread-safe. */
  public void stop() {
    stopRequested.set(true);
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
}
