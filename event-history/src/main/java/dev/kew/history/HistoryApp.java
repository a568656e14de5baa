package dev.kew.history;

import dev.kew.history.api.HistoryServer;
import dev.kew.history.cli.HistorySettings;
import dev.kew.history.index.EventIndex;
import dev.kew.history.ingest.Indexer;
import dev.kew.history.ingest.IndexerMetrics;
import dev.kew.history.objects.RecordReader;
import dev.kew.ops.Health;
import dev.kew.ops.Metrics;
import dev.kew.ops.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history service put together: the index on disk, the indexer reading the topic into it, the
 * reader of full envelopes, the HTTP server and the operations port. Readiness is "caught up".
 */
public final class HistoryApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HistoryApp.class);
  private static final double RAM_BUFFER_MB = 32;

  private final EventIndex index;
  private final Indexer indexer;
  private final RecordReader records;
  private final HistoryServer server;
  private final OpsServer ops;

  private HistoryApp(
      EventIndex index,
      Indexer indexer,
      RecordReader records,
      HistoryServer server,
      OpsServer ops) {
    this.index = index;
    this.indexer = indexer;
    this.records = records;
    this.server = server;
    this.ops = ops;
  }

  /** Opens the index, starts indexing and serving. */
  public static HistoryApp start(HistorySettings settings, Clock clock) {
    PrometheusMeterRegistry registry = Metrics.newRegistry("event-history");
    String topic = settings.kafka().topic();
    EventIndex index = EventIndex.open(settings.indexDir(), topic, RAM_BUFFER_MB);
    RecordReader records =
        new RecordReader(
            topic,
            settings.kafka().clientProperties(),
            settings.cacheBytes(),
            Duration.ofSeconds(10));
    CompletableFuture<Indexer> indexerRef = new CompletableFuture<>();
    IndexerMetrics metrics = new IndexerMetrics(registry, index);
    HistoryServer server =
        HistoryServer.start(
            new HistoryServer.Settings(
                settings.address(), settings.port(), settings.token(), settings.maxStreams()),
            topic,
            index,
            records,
            () -> indexerRef.isDone() && indexerRef.join().caughtUp().isDone(),
            metrics::skipped,
            clock);
    Indexer indexer =
        new Indexer(
            index,
            new Indexer.Settings(
                topic,
                settings.kafka().clientProperties(),
                Duration.ofSeconds(5),
                settings.retentionCheck()),
            metrics,
            server.onIndexed());
    indexerRef.complete(indexer);
    Health health =
        new Health()
            .liveness(
                "indexer",
                () ->
                    indexer.stopped().isCompletedExceptionally()
                        ? Optional.of("indexing stopped with an error")
                        : Optional.empty())
            .readiness(
                "index",
                () ->
                    indexer.caughtUp().isDone()
                        ? Optional.empty()
                        : Optional.of("catching up with topic " + topic));
    OpsServer ops =
        settings.ops().serveEndpoints() ? OpsServer.start(settings.ops(), registry, health) : null;
    indexer.start();
    return new HistoryApp(index, indexer, records, server, ops);
  }

  /** The HTTP port served. */
  public int port() {
    return server.port();
  }

  /** Completes once the index has caught up with the topic. */
  public CompletableFuture<Void> caughtUp() {
    return indexer.caughtUp();
  }

  /** Completes when indexing stops; exceptionally on a failure. */
  public CompletableFuture<Void> stopped() {
    return indexer.stopped();
  }

  @Override
  public void close() {
    server.close();
    if (ops != null) {
      ops.close();
    }
    indexer.close();
    records.close();
    index.close();
    log.info("History service stopped");
  }
}
