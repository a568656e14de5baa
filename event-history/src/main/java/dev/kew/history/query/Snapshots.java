package dev.kew.history.query;

import dev.kew.history.index.EventDocument;
import dev.kew.history.index.IndexedEvent;
import dev.kew.history.query.Results.Snapshot;
import dev.kew.history.query.Results.SnapshotDiff;
import dev.kew.model.EventType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.FixedBitSet;

/**
 * The objects as they were at a moment (time travel): for every object, its last event at or before
 * that moment; those whose last event is DELETED did not exist. Also the difference between two
 * moments.
 */
public final class Snapshots {

  /** Largest page of a snapshot, and most objects per list of a comparison. */
  public static final int MAX_PAGE = 1000;

  /** The last event of one object at the moment. */
  private record Last(long time, int partition, long offset, int doc, int type) {
    boolean isAfter(Last other) {
      return time != other.time
          ? time > other.time
          : partition != other.partition ? partition > other.partition : offset > other.offset;
    }
  }

  private final HistoryQueries queries;

  public Snapshots(HistoryQueries queries) {
    this.queries = queries;
  }

  /**
   * The objects matching {@code filter} that existed at {@code at}, by kind, namespace and name.
   * The filter's label selector applies to the labels each object had then; its time range, types,
   * paths and managers are ignored.
   */
  public Snapshot at(EventFilter filter, Instant at, int offset, int limit) {
    int size = Math.max(1, Math.min(limit, MAX_PAGE));
    return queries.search(
        searcher -> {
          List<Last> present = sorted(searcher, existing(searcher, filter, at));
          int start = Math.max(0, Math.min(offset, present.size()));
          List<IndexedEvent> page = entries(searcher, present.subList(start, present.size()), size);
          Integer next = start + size < present.size() ? start + size : null;
          return new Snapshot(at, page, present.size(), next);
        });
  }

  /** How the objects matching {@code filter} changed from {@code from} to {@code to}. */
  public SnapshotDiff compare(EventFilter filter, Instant from, Instant to, int limit) {
    int size = Math.max(1, Math.min(limit, MAX_PAGE));
    return queries.search(
        searcher -> {
          Map<String, Last> before = existing(searcher, filter, from);
          Map<String, Last> after = existing(searcher, filter, to);
          List<Last> added = new ArrayList<>();
          List<Last> changed = new ArrayList<>();
          after.forEach(
              (uid, last) -> {
                Last was = before.get(uid);
                if (was == null) {
                  added.add(last);
                } else if (was.doc() != last.doc()) {
                  changed.add(last);
                }
              });
          List<Last> removed = new ArrayList<>();
          before.forEach(
              (uid, last) -> {
                if (!after.containsKey(uid)) {
                  removed.add(last);
                }
              });
          boolean truncated = added.size() > size || removed.size() > size || changed.size() > size;
          return new SnapshotDiff(
              from,
              to,
              entries(searcher, sorted(searcher, added), size),
              entries(searcher, sorted(searcher, removed), size),
              entries(searcher, sorted(searcher, changed), size),
              truncated);
        });
  }

  /** uid -> last event at {@code at}, for the objects that existed then. */
  private static Map<String, Last> existing(
      IndexSearcher searcher, EventFilter filter, Instant at) {
    EventFilter identity =
        new EventFilter(
            filter.clusters(),
            filter.kinds(),
            filter.namespaces(),
            filter.name(),
            filter.uid(),
            List.of(),
            null,
            List.of(),
            List.of(),
            null,
            at);
    Map<String, Last> last = new HashMap<>();
    Matches.scan(
        searcher,
        identity.toQuery(),
        hit -> {
          Last candidate =
              new Last(
                  hit.timeMillis(),
                  hit.partition(),
                  hit.offset(),
                  hit.globalDoc(),
                  hit.typeOrdinal());
          last.merge(hit.uid(), candidate, (a, b) -> b.isAfter(a) ? b : a);
        });
    last.values().removeIf(l -> l.type() == EventType.DELETED.ordinal());
    if (filter.labelSelector() != null && !filter.labelSelector().isBlank()) {
      FixedBitSet labelled = new FixedBitSet(Math.max(1, searcher.getIndexReader().maxDoc()));
      Matches.scan(
          searcher,
          LabelSelectorQuery.of(filter.labelSelector()),
          hit -> labelled.set(hit.globalDoc()));
      last.values().removeIf(l -> !labelled.get(l.doc()));
    }
    return last;
  }

  /** By kind, namespace, name (doc values, no stored entries loaded). */
  private static List<Last> sorted(IndexSearcher searcher, Map<String, Last> objects)
      throws IOException {
    return sorted(searcher, new ArrayList<>(objects.values()));
  }

  private static List<Last> sorted(IndexSearcher searcher, List<Last> objects) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    Map<Last, String> keys = new HashMap<>();
    for (Last last : objects) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(last.doc(), leaves));
      SortedDocValues identity = DocValues.getSorted(leaf.reader(), EventDocument.IDENTITY);
      String key =
          identity.advanceExact(last.doc() - leaf.docBase)
              ? identity.lookupOrd(identity.ordValue()).utf8ToString()
              : "";
      keys.put(last, key);
    }
    List<Last> ordered = new ArrayList<>(objects);
    ordered.sort(Comparator.comparing((Last l) -> keys.get(l)).thenComparingInt(Last::doc));
    return ordered;
  }

  private static List<IndexedEvent> entries(IndexSearcher searcher, List<Last> objects, int size)
      throws IOException {
    return EventDocument.entries(
        searcher,
        objects.subList(0, Math.min(size, objects.size())).stream().mapToInt(Last::doc).toArray());
  }
}
