package dev.kew.history.query;

import dev.kew.history.index.EventDocument;
import dev.kew.history.index.IndexedEvent;
import dev.kew.history.query.Results.Mark;
import dev.kew.history.query.Results.Timeline;
import dev.kew.history.query.Results.TimelineRow;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Objects as rows on a time axis, a mark per change (the timeline view), found through doc values
 * ({@link Matches}); only each row's newest entry is loaded.
 */
public final class Timelines {

  /** Most rows of one timeline page, and most marks per row. */
  public static final int MAX_ROWS = 500;

  public static final int MAX_MARKS = 1000;

  private final HistoryQueries queries;

  public Timelines(HistoryQueries queries) {
    this.queries = queries;
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
    return queries.search(
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
          List<IndexedEvent> objects =
              EventDocument.entries(
                  searcher, page.stream().mapToInt(e -> (int) e.getValue()[1]).toArray());
          List<TimelineRow> result = new ArrayList<>();
          for (Map.Entry<String, long[]> e : page) {
            List<Mark> all = new ArrayList<>(marksOf.get(e.getKey()));
            all.sort(Comparator.comparing(Mark::time).thenComparing(Mark::ref));
            List<Mark> kept = all.subList(Math.max(0, all.size() - marks), all.size());
            result.add(
                new TimelineRow(
                    objects.get(result.size()), List.copyOf(kept), (int) e.getValue()[2]));
          }
          Integer next = start + rows < ordered.size() ? start + rows : null;
          return new Timeline(from, to, result, ordered.size(), next);
        });
  }
}
