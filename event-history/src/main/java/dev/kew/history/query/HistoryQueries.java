package dev.kew.history.query;

import dev.kew.history.index.EventDocument;
import dev.kew.history.index.EventIndex;
import dev.kew.history.index.IndexedEvent;
import dev.kew.history.query.Results.Bucket;
import dev.kew.history.query.Results.EventPage;
import dev.kew.history.query.Results.Histogram;
import dev.kew.model.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldDocs;

/**
 * The questions the API asks of the index: pages of events, one event and the one before it, the
 * live tail and histograms. Timelines are {@link Timelines}, snapshots of a moment {@link
 * Snapshots}. Every answer is bounded by the caller's limits.
 */
public final class HistoryQueries {

  /** Largest page of events. */
  public static final int MAX_PAGE = 1000;

  /** Most buckets of a histogram. */
  public static final int MAX_BUCKETS = 2000;

  /** One event with the order in which this instance indexed it. */
  public record Sequenced(long seq, IndexedEvent event) {}

  /** Work done with a searcher that is handed back afterwards. */
  interface Search<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  private final EventIndex index;

  public HistoryQueries(EventIndex index) {
    this.index = index;
  }

  /** Events matching {@code filter}, newest first, after {@code cursor} (null: the newest). */
  public EventPage events(EventFilter filter, Cursor cursor, int limit) {
    int size = Math.max(1, Math.min(limit, MAX_PAGE));
    return search(
        searcher -> {
          FieldDoc after =
              cursor == null
                  ? null
                  : new FieldDoc(
                      // past every document: the cursor's own event is not repeated
                      Math.max(0, searcher.getIndexReader().maxDoc() - 1),
                      Float.NaN,
                      new Object[] {cursor.timeMillis(), cursor.partition(), cursor.offset()});
          TopDocs top =
              searcher.searchAfter(after, filter.toQuery(), size + 1, EventDocument.NEWEST_FIRST);
          List<IndexedEvent> events =
              EventDocument.entries(
                  searcher,
                  Arrays.stream(top.scoreDocs).limit(size).mapToInt(d -> d.doc).toArray());
          String next = null;
          if (top.scoreDocs.length > size) {
            IndexedEvent last = events.get(events.size() - 1);
            next = cursorOf(last).token();
          }
          return new EventPage(events, next);
        });
  }

  /** The newest event matching {@code filter} at or before {@code at}. */
  public Optional<IndexedEvent> latest(EventFilter filter, Instant at) {
    List<IndexedEvent> found = events(filter.between(null, at), null, 1).events();
    return found.stream().findFirst();
  }

  /** The event at {@code partition}/{@code offset}. */
  public Optional<IndexedEvent> byRef(int partition, long offset) {
    return search(
        searcher -> {
          ScoreDoc[] top = byRef(searcher, partition, offset);
          return top.length == 0
              ? Optional.empty()
              : Optional.of(EventDocument.entries(searcher, top[0].doc).get(0));
        });
  }

  /** The event of the same object just before {@code event}, if the index still has it. */
  public Optional<IndexedEvent> previous(IndexedEvent event) {
    return events(EventFilter.uid(event.uid()), cursorOf(event), 1).events().stream().findFirst();
  }

  /** The sequence number this instance gave the event at {@code partition}/{@code offset}. */
  public OptionalLong seqOf(int partition, long offset) {
    return search(
        searcher -> {
          ScoreDoc[] top = byRef(searcher, partition, offset);
          return top.length == 0
              ? OptionalLong.empty()
              : OptionalLong.of((Long) ((FieldDoc) top[0]).fields[0]);
        });
  }

  /** Events matching {@code filter} indexed after sequence number {@code seq}, in that order. */
  public List<Sequenced> indexedAfter(EventFilter filter, long seq, int limit) {
    return search(
        searcher -> {
          Query query =
              new BooleanQuery.Builder()
                  .add(filter.toQuery(), Occur.FILTER)
                  .add(
                      LongPoint.newRangeQuery(EventDocument.SEQ, seq + 1, Long.MAX_VALUE),
                      Occur.FILTER)
                  .build();
          TopFieldDocs top =
              searcher.search(query, Math.min(limit, MAX_PAGE), EventDocument.INDEX_ORDER);
          return sequenced(searcher, top.scoreDocs);
        });
  }

  /** The {@code limit} events matching {@code filter} indexed last, in the order indexed. */
  public List<Sequenced> indexedLast(EventFilter filter, int limit) {
    return search(
        searcher -> {
          TopFieldDocs top =
              searcher.search(
                  filter.toQuery(),
                  Math.max(1, Math.min(limit, MAX_PAGE)),
                  new Sort(new SortField(EventDocument.SEQ, SortField.Type.LONG, true)));
          List<Sequenced> out = new ArrayList<>(sequenced(searcher, top.scoreDocs));
          Collections.reverse(out);
          return out;
        });
  }

  /**
   * Changes matching {@code filter} counted per type in buckets of {@code bucket} from {@code
   * from}.
   */
  public Histogram histogram(EventFilter filter, Instant from, Instant to, Duration bucket) {
    long width = bucket.toMillis();
    long span = to.toEpochMilli() - from.toEpochMilli();
    if (width <= 0 || span / width >= MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "bucket must be positive and give at most " + MAX_BUCKETS + " buckets over the range");
    }
    int count = (int) (span / width) + 1;
    int[][] counts = new int[count][EventType.values().length];
    long start = from.toEpochMilli();
    search(
        searcher -> {
          Matches.scan(
              searcher,
              filter.between(from, to).toQuery(),
              hit -> counts[(int) ((hit.timeMillis() - start) / width)][hit.typeOrdinal()]++);
          return null;
        });
    List<Bucket> buckets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Map<EventType, Integer> byType = new EnumMap<>(EventType.class);
      for (EventType type : EventType.values()) {
        byType.put(type, counts[i][type.ordinal()]);
      }
      buckets.add(new Bucket(Instant.ofEpochMilli(start + i * width), byType));
    }
    return new Histogram(from, bucket.toSeconds(), buckets);
  }

  /** Runs {@code work} with a fresh searcher. */
  <T> T search(Search<T> work) {
    IndexSearcher searcher = index.acquire();
    try {
      return work.apply(searcher);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot search the history index", e);
    } finally {
      index.release(searcher);
    }
  }

  /** The events of {@code docs}, sorted by sequence number, with theirs. */
  private static List<Sequenced> sequenced(IndexSearcher searcher, ScoreDoc[] docs)
      throws IOException {
    List<IndexedEvent> events =
        EventDocument.entries(searcher, Arrays.stream(docs).mapToInt(d -> d.doc).toArray());
    List<Sequenced> out = new ArrayList<>(docs.length);
    for (int i = 0; i < docs.length; i++) {
      out.add(new Sequenced((Long) ((FieldDoc) docs[i]).fields[0], events.get(i)));
    }
    return out;
  }

  /** The cursor just past {@code event} in newest-first order. */
  public static Cursor cursorOf(IndexedEvent event) {
    return new Cursor(event.observedAt().toEpochMilli(), event.partition(), event.offset());
  }

  /** The event at {@code partition}/{@code offset}, with its sequence number, if indexed. */
  private static ScoreDoc[] byRef(IndexSearcher searcher, int partition, long offset)
      throws IOException {
    Query ref =
        new BooleanQuery.Builder()
            .add(IntPoint.newExactQuery(EventDocument.PARTITION, partition), Occur.FILTER)
            .add(LongPoint.newExactQuery(EventDocument.OFFSET, offset), Occur.FILTER)
            .build();
    return searcher.search(ref, 1, EventDocument.INDEX_ORDER).scoreDocs;
  }
}
