package dev.kew.history.ingest;

import dev.kew.history.index.EventIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** What the indexer counts, as {@code kew_history_*} metrics. */
public final class IndexerMetrics {

  private final MeterRegistry registry;
  private final Counter indexed;
  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong caughtUp = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  public IndexerMetrics(MeterRegistry registry, EventIndex index) {
    this.registry = registry;
    this.indexed =
        Counter.builder("kew_history_events_indexed")
            .description("Events added to the index")
            .register(registry);
    Gauge.builder("kew_history_lag_records", lag, AtomicLong::get)
        .description("Records of the topic not yet indexed, summed over partitions")
        .register(registry);
    Gauge.builder("kew_history_caught_up", caughtUp, AtomicLong::get)
        .description("1 once the index has read the topic up to its end offsets at start")
        .register(registry);
    Gauge.builder("kew_history_index_bytes", index, EventIndex::sizeOnDisk)
        .description("Bytes the index takes on disk")
        .register(registry);
    Gauge.builder("kew_history_index_events", index, EventIndex::count)
        .description("Events in the index")
        .register(registry);
  }

  void indexed(int count) {
    indexed.increment(count);
  }

  /** A record that is not a change event, by {@code reason}: empty, malformed. */
  void skipped(String reason) {
    skipped.incrementAndGet();
    Counter.builder("kew_history_records_skipped")
        .description("Records of the topic that are not valid change events, left out of the index")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** Records skipped since start, for the status. */
  public long skipped() {
    return skipped.get();
  }

  void lag(long records) {
    lag.set(records);
  }

  void caughtUp() {
    caughtUp.set(1);
  }
}
