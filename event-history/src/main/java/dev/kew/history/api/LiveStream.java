package dev.kew.history.api;

import dev.kew.history.index.EventIndex;
import dev.kew.history.query.EventFilter;
import dev.kew.history.query.HistoryQueries;
import dev.kew.history.query.HistoryQueries.Sequenced;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream (Server-Sent Events): each client gets the events matching its filters as the
 * index takes them, each with its {@code partition-offset} as the event id, so a client that
 * reconnects with {@code Last-Event-ID} (on this or another instance) resumes where it stopped. One
 * thread per client, so a slow client slows only itself; clients are limited in number.
 */
final class LiveStream implements LongConsumer {

  private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
  private static final long HEARTBEAT_MILLIS = 15_000;
  private static final int BATCH = 500;

  private final EventIndex index;
  private final HistoryQueries queries;
  private final int maxClients;
  private final AtomicInteger clients = new AtomicInteger();
  private final Object signal = new Object();
  private long indexedSeq;

  LiveStream(EventIndex index, HistoryQueries queries, int maxClients) {
    this.index = index;
    this.queries = queries;
    this.maxClients = maxClients;
    this.indexedSeq = index.lastSeq();
  }

  /** Told by the indexer that events up to {@code seq} are searchable. */
  @Override
  public void accept(long seq) {
    synchronized (signal) {
      indexedSeq = seq;
      signal.notifyAll();
    }
  }

  /** Streams to {@code client} until it goes away. */
  void serve(SseClient client, EventFilter filter, String lastEventId, int backlog) {
    if (clients.incrementAndGet() > maxClients) {
      clients.decrementAndGet();
      client.sendEvent("error", "{\"error\":\"too many live streams; try again later\"}");
      client.close();
      return;
    }
    filter.toQuery(); // an invalid filter fails here, before the stream starts
    client.keepAlive();
    Thread thread =
        new Thread(() -> stream(client, filter, lastEventId, backlog), "history-stream");
    thread.setDaemon(true);
    thread.start();
  }

  private void stream(SseClient client, EventFilter filter, String lastEventId, int backlog) {
    try {
      long last = start(client, filter, lastEventId, backlog);
      client.sendComment("connected"); // sends the headers: the client knows it is subscribed
      while (!client.terminated()) {
        List<Sequenced> events = queries.indexedAfter(filter, last, BATCH);
        for (Sequenced e : events) {
          client.sendEvent(
              "change",
              new String(ApiJson.bytes(e.event()), StandardCharsets.UTF_8),
              e.event().ref());
          last = e.seq();
        }
        if (events.size() < BATCH && !waitForMore(last)) {
          client.sendComment("keep-alive");
        }
      }
    } catch (RuntimeException e) {
      log.debug("Live stream ended: {}", e.toString());
    } finally {
      clients.decrementAndGet();
      client.close();
    }
  }

  /** The sequence number to stream after, having sent the backlog asked for. */
  private long start(SseClient client, EventFilter filter, String lastEventId, int backlog) {
    if (lastEventId != null) {
      OptionalLong seq = seqOf(lastEventId);
      if (seq.isPresent()) {
        return seq.getAsLong();
      }
      client.sendEvent(
          "reset", "{\"reason\":\"the last event id is not in the index; streaming from now\"}");
    } else if (backlog > 0) {
      long last = index.lastSeq();
      for (Sequenced e : queries.indexedLast(filter, backlog)) {
        client.sendEvent(
            "change",
            new String(ApiJson.bytes(e.event()), StandardCharsets.UTF_8),
            e.event().ref());
        last = e.seq();
      }
      return last;
    }
    return index.lastSeq();
  }

  private OptionalLong seqOf(String ref) {
    String[] parts = ref.trim().split("-", -1);
    try {
      return parts.length == 2
          ? queries.seqOf(Integer.parseInt(parts[0]), Long.parseLong(parts[1]))
          : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Waits until events past {@code seq} are indexed; false after a heartbeat's time without. */
  private boolean waitForMore(long seq) {
    synchronized (signal) {
      long deadline = System.currentTimeMillis() + HEARTBEAT_MILLIS;
      while (indexedSeq <= seq) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        try {
          signal.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      return true;
    }
  }
}
