package dev.kew.history.ingest;

import dev.kew.history.index.EventIndex;
import dev.kew.history.index.IndexableEvent;
import dev.kew.history.index.ProjectedEnvelope;
import dev.kew.model.MalformedEventException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds one poll's records to the index on two threads (the caller's and a helper): each decodes its
 * half ({@link ProjectedEnvelope}), skipping and counting records that are not change events, and
 * writes it under sequence numbers reserved in record order, so the order indexed stays the order
 * read.
 */
final class BatchAdder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchAdder.class);

  /** Fewer records than this are added on the caller's thread alone. */
  private static final int MIN_SPLIT = 64;

  private final EventIndex index;
  private final IndexerMetrics metrics;
  private final ExecutorService helper =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "history-indexer-helper");
            t.setDaemon(true);
            return t;
          });

  BatchAdder(EventIndex index, IndexerMetrics metrics) {
    this.index = index;
    this.metrics = metrics;
  }

  /** Adds the change events among {@code records}; returns how many. */
  int add(ConsumerRecords<byte[], byte[]> records) {
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
    records.forEach(all::add);
    long first = index.reserve(all.size());
    if (all.size() < MIN_SPLIT) {
      return add(all, first); // a live poll: no hand-over to the helper and back
    }
    int half = all.size() / 2;
    Future<Integer> second = helper.submit(() -> add(all.subList(half, all.size()), first + half));
    int added = add(all.subList(0, half), first);
    try {
      return added + second.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while indexing", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
  }

  private int add(List<ConsumerRecord<byte[], byte[]>> records, long firstSeq) {
    int added = 0;
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<byte[], byte[]> record = records.get(i);
      IndexableEvent event = decode(record);
      if (event != null) {
        index.add(event, firstSeq + i);
        added++;
      }
    }
    return added;
  }

  private IndexableEvent decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null || record.value().length == 0) {
      metrics.skipped("empty");
      return null;
    }
    try {
      return IndexableEvent.of(
          ProjectedEnvelope.read(record.value()), record.partition(), record.offset());
    } catch (MalformedEventException | IllegalArgumentException e) {
      metrics.skipped("malformed");
      log.debug(
          "Skipping {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return null;
    }
  }

  @Override
  public void close() {
    helper.shutdownNow();
  }
}
