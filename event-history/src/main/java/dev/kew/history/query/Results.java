package dev.kew.history.query;

import dev.kew.history.index.IndexedEvent;
import dev.kew.model.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The answers of {@link HistoryQueries}, as the API writes them. */
public final class Results {

  private Results() {}

  /**
   * A page of events, newest first.
   *
   * @param events at most the page size
   * @param nextCursor the cursor of the next (older) page, {@code null} on the last page
   */
  public record EventPage(List<IndexedEvent> events, String nextCursor) {}

  /**
   * One change on a timeline row.
   *
   * @param time when it was observed
   * @param type what happened
   * @param ref the event's {@code partition-offset}, for its details
   */
  public record Mark(Instant time, EventType type, String ref) {}

  /**
   * One object on a timeline: its identity (from its newest event in the range) and its changes.
   *
   * @param object the newest event of the object in the range
   * @param marks the newest {@code marksPerRow} changes, oldest first
   * @param changes all its changes in the range
   */
  public record TimelineRow(IndexedEvent object, List<Mark> marks, int changes) {}

  /**
   * Objects as rows on a time axis, the most recently changed first.
   *
   * @param from start of the range
   * @param to end of the range
   * @param rows the rows of this page
   * @param totalRows objects with a change in the range
   * @param nextRowOffset the {@code rowOffset} of the next page, {@code null} on the last
   */
  public record Timeline(
      Instant from, Instant to, List<TimelineRow> rows, int totalRows, Integer nextRowOffset) {}

  /**
   * Counts of changes per time bucket.
   *
   * @param from start of the first bucket
   * @param bucketSeconds width of a bucket
   * @param buckets one per bucket, oldest first: its start and a count per event type
   */
  public record Histogram(Instant from, long bucketSeconds, List<Bucket> buckets) {}

  /** Counts of one bucket. */
  public record Bucket(Instant start, Map<EventType, Integer> counts) {}

  /**
   * The objects that existed at a moment: for each, its last event at or before it.
   *
   * @param at the moment
   * @param objects this page, by kind, namespace and name
   * @param total objects that existed
   * @param nextOffset the {@code offset} of the next page, {@code null} on the last
   */
  public record Snapshot(Instant at, List<IndexedEvent> objects, int total, Integer nextOffset) {}

  /**
   * How the objects changed between two moments.
   *
   * @param from the first moment
   * @param to the second moment
   * @param added objects at {@code to} that were not at {@code from} (their state at {@code to})
   * @param removed objects at {@code from} that were gone at {@code to} (their state at {@code
   *     from})
   * @param changed objects at both moments in another version (their state at {@code to})
   * @param truncated whether a list was cut at the limit
   */
  public record SnapshotDiff(
      Instant from,
      Instant to,
      List<IndexedEvent> added,
      List<IndexedEvent> removed,
      List<IndexedEvent> changed,
      boolean truncated) {}
}
