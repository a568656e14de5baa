package dev.kew.history.ingest;

import dev.kew.history.index.EventIndex;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the topic (assigned, never in a group: each instance indexes all of it)
 * from the index's own read positions and adds each change event to the index; follows retention by
 * removing entries below each partition's log start offset. Records that are not change events are
 * skipped and counted, never stop it.
 */
public final class Indexer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Indexer.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration REFRESH = Duration.ofMillis(250);

  /**
   * How the indexer reads and commits.
   *
   * @param topic the change-event topic
   * @param clientProperties the user's Kafka client properties, with {@code bootstrap.servers}
   * @param commitInterval how often the index and its positions are made durable
   * @param retentionCheck how often the log start offsets are compared with the index
   */
  public record Settings(
      String topic,
      Map<String, String> clientProperties,
      Duration commitInterval,
      Duration retentionCheck) {}

  private final EventIndex index;
  private final Settings settings;
  private final IndexerMetrics metrics;
  private final LongConsumer onIndexed;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final BatchAdder batches;
  private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final int maxPollRecords;
  private boolean unrefreshed;
  private long lastRefresh;
  private volatile boolean closing;
  private final CountDownLatch closed = new CountDownLatch(1);
  private Thread thread;

  /**
   * @param onIndexed told the last sequence number after each batch is searchable
   */
  public Indexer(
      EventIndex index, Settings settings, IndexerMetrics metrics, LongConsumer onIndexed) {
    this.index = index;
    this.settings = settings;
    this.metrics = metrics;
    this.onIndexed = onIndexed;
    Map<String, Object> config = consumerConfig(settings.clientProperties());
    this.maxPollRecords =
        Integer.parseInt(config.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG).toString());
    this.consumer = new KafkaConsumer<>(config);
    this.batches = new BatchAdder(index, metrics);
  }

  /** The consumer settings of every reader of the topic here: no group, committed records only. */
  public static Map<String, Object> consumerConfig(Map<String, String> clientProperties) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.keySet().removeIf(key -> key.startsWith("transactional.") || key.startsWith("acks"));
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return config;
  }

  /** Starts indexing on its own thread. */
  public Indexer start() {
    thread = new Thread(this::run, "history-indexer");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** Completes once the index has read every partition up to its end offset at start. */
  public CompletableFuture<Void> caughtUp() {
    return caughtUp;
  }

  /** Completes when indexing stops: normally on {@link #close}, exceptionally on a failure. */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = awaitPartitions();
      consumer.assign(partitions);
      Map<TopicPartition, Long> targets = consumer.endOffsets(partitions);
      seekToPositions(partitions, targets);
      long lastCommit = System.nanoTime();
      long lastRetention = System.nanoTime();
      while (!closing) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          index(records, partitions);
        }
        boolean reachedTargets = !caughtUp.isDone() && reached(partitions, targets);
        // Catching up (or a full poll: more is waiting), searches refresh at most every REFRESH;
        // once caught up, after every poll that brought less.
        boolean catchingUp = !caughtUp.isDone() || records.count() >= maxPollRecords;
        if (unrefreshed
            && (reachedTargets
                || !catchingUp
                || System.nanoTime() - lastRefresh > REFRESH.toNanos())) {
          index.refresh();
          lastRefresh = System.nanoTime();
          unrefreshed = false;
          onIndexed.accept(index.lastSeq());
        }
        if (reachedTargets) {
          index.commit();
          lastCommit = System.nanoTime();
          metrics.caughtUp();
          caughtUp.complete(null);
          log.info(
              "History index caught up: {} events, positions {}", index.count(), index.positions());
        }
        if (System.nanoTime() - lastRetention > settings.retentionCheck().toNanos()) {
          partitions = followTopic(partitions);
          lastRetention = System.nanoTime();
        }
        if (System.nanoTime() - lastCommit > settings.commitInterval().toNanos()) {
          index.commit();
          lastCommit = System.nanoTime();
        }
      }
      stopped.complete(null);
    } catch (WakeupException e) {
      stopped.complete(null);
    } catch (RuntimeException e) {
      if (closing) {
        stopped.complete(null);
      } else {
        log.error("History indexing stopped: {}", e.toString(), e);
        stopped.completeExceptionally(e);
      }
    } finally {
      batches.close();
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private List<TopicPartition> awaitPartitions() {
    boolean said = false;
    while (!closing) {
      List<TopicPartition> partitions = partitionsNow();
      if (!partitions.isEmpty()) {
        return partitions;
      }
      if (!said) {
        log.info("Topic {} does not exist yet; indexing starts when it does", settings.topic());
        said = true;
      }
      try {
        if (closed.await(1, TimeUnit.SECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new WakeupException();
  }

  private List<TopicPartition> partitionsNow() {
    return consumer.partitionsFor(settings.topic()).stream()
        .map(p -> new TopicPartition(settings.topic(), p.partition()))
        .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
        .toList();
  }

  /** Seeks each partition to the index's position, dropping what retention removed meanwhile. */
  private void seekToPositions(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
    Map<Integer, Long> positions = index.positions();
    boolean recreated =
        partitions.stream().anyMatch(p -> positions.getOrDefault(p.partition(), 0L) > ends.get(p));
    if (recreated) {
      log.warn(
          "The index is ahead of topic {}: it was recreated; rebuilding the index",
          settings.topic());
      index.clear();
    }
    Map<Integer, Long> kept = index.positions();
    for (TopicPartition p : partitions) {
      long start = starts.get(p);
      long position = Math.max(kept.getOrDefault(p.partition(), 0L), start);
      index.deleteBelow(p.partition(), start);
      consumer.seek(p, position);
    }
    log.info(
        "Indexing {} from positions {} (log start {}, end {})",
        settings.topic(),
        kept,
        starts,
        ends);
  }

  private void index(ConsumerRecords<byte[], byte[]> records, List<TopicPartition> partitions) {
    int added = batches.add(records);
    Map<Integer, Long> next = new HashMap<>();
    long lag = 0;
    for (TopicPartition p : partitions) {
      next.put(p.partition(), consumer.position(p));
      lag += consumer.currentLag(p).orElse(0);
    }
    index.advance(next);
    unrefreshed = true;
    metrics.indexed(added);
    metrics.lag(lag);
  }

  private boolean reached(List<TopicPartition> partitions, Map<TopicPartition, Long> targets) {
    return partitions.stream().allMatch(p -> consumer.position(p) >= targets.get(p));
  }

  /** Applies retention (entries below each log start offset go) and picks up added partitions. */
  private List<TopicPartition> followTopic(List<TopicPartition> partitions) {
    Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
    starts.forEach((p, start) -> index.deleteBelow(p.partition(), start));
    index.refresh();
    List<TopicPartition> now = partitionsNow();
    if (now.size() > partitions.size()) {
      log.info("Topic {} now has {} partitions; indexing them all", settings.topic(), now.size());
      consumer.assign(now);
      now.stream()
          .filter(p -> !partitions.contains(p))
          .forEach(p -> consumer.seekToBeginning(List.of(p)));
      return now;
    }
    return partitions;
  }

  /** Stops indexing and commits what was indexed. */
  @Override
  public void close() {
    closing = true;
    closed.countDown();
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
