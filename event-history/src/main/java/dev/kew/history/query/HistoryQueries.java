package dev.kew.history.query;

import dev.kew.history.index.EventDocument;
import dev.kew.history.index.EventIndex;
import dev.kew.history.index.IndexedEvent;
import dev.kew.history.query.Results.Bucket;
import dev.kew.history.query.Results.EventPage;
import dev.kew.history.query.Results.Histogram;
import dev.kew.history.query.Results.Mark;
import dev.kew.history.query.Results.Timeline;
import dev.kew.history.query.Results.TimelineRow;
import dev.kew.model.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
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
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;

/**
 * The questions the API asks of the index: pages of events, one event and the one before it, the
 * live tail, timelines and histograms. Snapshots of a moment are {@link Snapshots}. Every answer is
 * bounded by the caller's limits.
 */
public final class HistoryQueries {

  /** Largest page of events. */
  public static final int MAX_PAGE = 1000;

  /** Most buckets of a histogram. */
  public static final int MAX_BUCKETS = 2000;

  /** Most rows of one timeline page, and most marks per row. */
  public static final int MAX_ROWS = 500;

  public static final int MAX_MARKS = 1000;

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
          List<IndexedEvent> events = new ArrayList<>();
          for (int i = 0; i < Math.min(size, top.scoreDocs.length); i++) {
            events.add(entry(searcher, top.scoreDocs[i].doc));
          }
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
          TopFieldDocs top =
              searcher.search(refQuery(partition, offset), 1, EventDocument.INDEX_ORDER);
          return top.scoreDocs.length == 0
              ? Optional.empty()
              : Optional.of(entry(searcher, top.scoreDocs[0].doc));
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
          TopFieldDocs top =
              searcher.search(refQuery(partition, offset), 1, EventDocument.INDEX_ORDER);
          return top.scoreDocs.length == 0
              ? OptionalLong.empty()
              : OptionalLong.of((Long) ((FieldDoc) top.scoreDocs[0]).fields[0]);
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
          List<Sequenced> out = new ArrayList<>();
          for (ScoreDoc doc : top.scoreDocs) {
            out.add(new Sequenced((Long) ((FieldDoc) doc).fields[0], entry(searcher, doc.doc)));
          }
          return out;
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
          List<Sequenced> out = new ArrayList<>();
          for (ScoreDoc doc : top.scoreDocs) {
            out.add(0, new Sequenced((Long) ((FieldDoc) doc).fields[0], entry(searcher, doc.doc)));
          }
          return out;
        });
  }

  /**
   * Objects changed in {@code [from, to]} as rows, the most recently changed first, each with its
   * newest {@code marksPerRow} changes.
   */
  public Timeline timeline(
      EventFilter filter, Instant from, Instant to, int rowOffset, int rowLimit, int marksPerRow) {
    int rows = Math.max(1, Math.min(rowLimit, MAX_ROWS));
    int marks = Math.max(1, Math.min(marksPerRow, MAX_MARKS));
    EventFilter range = filter.between(from, to);
    return search(
        searcher -> {
          Map<String, long[]> newest = new HashMap<>(); // uid -> {time, doc, changes}
          Matches.scan(
              searcher,
              range.toQuery(),
              hit -> {
                long[] row =
                    newest.computeIfAbsent(hit.uid(), u -> new long[] {Long.MIN_VALUE, -1, 0});
                row[2]++;
                if (hit.timeMillis() >= row[0]) {
                  row[0] = hit.timeMillis();
                  row[1] = hit.globalDoc();
                }
              });
          List<Map.Entry<String, long[]>> ordered = new ArrayList<>(newest.entrySet());
          ordered.sort(
              Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                  .thenComparing(Map.Entry::getKey));
          int start = Math.max(0, Math.min(rowOffset, ordered.size()));
          List<Map.Entry<String, long[]>> page =
              ordered.subList(start, Math.min(ordered.size(), start + rows));
          Map<String, ArrayDeque<Mark>> marksOf = new HashMap<>();
          page.forEach(e -> marksOf.put(e.getKey(), new ArrayDeque<>()));
          if (!page.isEmpty()) {
            List<BytesRef> uids = page.stream().map(e -> new BytesRef(e.getKey())).toList();
            Query ofPage =
                new BooleanQuery.Builder()
                    .add(range.toQuery(), Occur.FILTER)
                    .add(new TermInSetQuery(EventDocument.UID, uids), Occur.FILTER)
                    .build();
            Matches.scan(
                searcher,
                ofPage,
                hit -> {
                  ArrayDeque<Mark> row = marksOf.get(hit.uid());
                  row.add(
                      new Mark(
                          Instant.ofEpochMilli(hit.timeMillis()),
                          EventDocument.type(hit.typeOrdinal()),
                          hit.partition() + "-" + hit.offset()));
                });
          }
          List<TimelineRow> result = new ArrayList<>();
          for (Map.Entry<String, long[]> e : page) {
            List<Mark> all = new ArrayList<>(marksOf.get(e.getKey()));
            all.sort(Comparator.comparing(Mark::time).thenComparing(Mark::ref));
            List<Mark> kept = all.subList(Math.max(0, all.size() - marks), all.size());
            result.add(
                new TimelineRow(
                    entry(searcher, (int) e.getValue()[1]),
                    List.copyOf(kept),
                    (int) e.getValue()[2]));
          }
          Integer next = start + rows < ordered.size() ? start + rows : null;
          return new Timeline(from, to, result, ordered.size(), next);
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

  static IndexedEvent entry(IndexSearcher searcher, int doc) throws IOException {
    return EventDocument.entry(searcher.storedFields().document(doc, EventDocument.storedFields()));
  }

  /** The cursor just past {@code event} in newest-first order. */
  public static Cursor cursorOf(IndexedEvent event) {
    return new Cursor(event.observedAt().toEpochMilli(), event.partition(), event.offset());
  }

  private static Query refQuery(int partition, long offset) {
    return new BooleanQuery.Builder()
        .add(IntPoint.newExactQuery(EventDocument.PARTITION, partition), Occur.FILTER)
        .add(LongPoint.newExactQuery(EventDocument.OFFSET, offset), Occur.FILTER)
        .build();
  }
}
