package dev.kew.history.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.flipkart.zjsonpatch.DiffFlags;
import com.flipkart.zjsonpatch.JsonDiff;
import dev.kew.history.index.EventIndex;
import dev.kew.history.index.IndexedEvent;
import dev.kew.history.objects.RecordReader;
import dev.kew.history.query.EventFilter;
import dev.kew.history.query.HistoryQueries;
import dev.kew.history.query.Results.Snapshot;
import dev.kew.history.query.Snapshots;
import dev.kew.history.query.Timelines;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The JSON answers of {@code /api/v1}: one method per route, each reading its parameters through
 * {@link ApiRequest} and answering records that {@link ApiJson} writes.
 */
final class HistoryApi {

  /** Most objects a snapshot page embeds with {@code objects=true}. */
  static final int MAX_EMBEDDED_OBJECTS = 100;

  private static final EnumSet<DiffFlags> DIFF_FLAGS =
      EnumSet.of(
          DiffFlags.OMIT_VALUE_ON_REMOVE,
          DiffFlags.OMIT_MOVE_OPERATION,
          DiffFlags.OMIT_COPY_OPERATION,
          DiffFlags.ADD_ORIGINAL_VALUE_ON_REPLACE);

  /** One change in full: its entry, envelope, and the object's state just before it. */
  record ChangeDetail(
      IndexedEvent event, ChangeEvent envelope, IndexedEvent previous, JsonNode before) {}

  /** An object at a moment: whether it existed, its last event then and its state. */
  record ObjectState(Instant at, boolean exists, IndexedEvent event, JsonNode object) {}

  /** An object at two moments and the JSON Patch from the first state to the second. */
  record ObjectDiff(ObjectState from, ObjectState to, JsonNode patch) {}

  /** A snapshot entry with, on request, the object's state. */
  record SnapshotItem(IndexedEvent event, JsonNode object) {}

  /** A snapshot page with its objects. */
  record SnapshotPage(Instant at, List<SnapshotItem> objects, int total, Integer nextOffset) {}

  /** What this instance has indexed and whether it is caught up. */
  record Status(
      String topic,
      int events,
      long indexBytes,
      boolean caughtUp,
      Map<Integer, Long> positions,
      long skippedRecords,
      Instant newest) {}

  private final String topic;
  private final EventIndex index;
  private final HistoryQueries queries;
  private final Snapshots snapshots;
  private final Timelines timelines;
  private final RecordReader records;
  private final BooleanSupplier caughtUp;
  private final LongSupplier skipped;

  HistoryApi(
      String topic,
      EventIndex index,
      HistoryQueries queries,
      RecordReader records,
      BooleanSupplier caughtUp,
      LongSupplier skipped) {
    this.skipped = skipped;
    this.topic = topic;
    this.index = index;
    this.queries = queries;
    this.snapshots = new Snapshots(queries);
    this.timelines = new Timelines(queries);
    this.records = records;
    this.caughtUp = caughtUp;
  }

  Object events(ApiRequest request) {
    return queries.events(request.filter(), request.cursor("cursor"), limit(request));
  }

  Object history(ApiRequest request) {
    EventFilter object = request.object();
    return queries.events(
        object.between(request.time("from", null), request.time("to", null)),
        request.cursor("cursor"),
        limit(request));
  }

  Object change(Context ctx) {
    IndexedEvent event = byRef(ctx.pathParam("ref"));
    ChangeEvent envelope = envelope(event);
    Optional<IndexedEvent> previous = queries.previous(event);
    JsonNode before =
        previous
            .flatMap(p -> records.read(p.partition(), p.offset()))
            .map(ChangeEvent::object)
            .orElse(null);
    return new ChangeDetail(event, envelope, previous.orElse(null), before);
  }

  ObjectState state(ApiRequest request) {
    return stateAt(request.object(), request.time("at", request.now()));
  }

  Object diff(ApiRequest request) {
    EventFilter object = request.object();
    Instant from = request.time("from", null);
    Instant to = request.time("to", request.now());
    if (from == null || from.isAfter(to)) {
      throw new BadRequest("give from, at or before to (default now)");
    }
    ObjectState before = stateAt(object, from);
    ObjectState after = stateAt(object, to);
    JsonNode empty = ApiJson.mapper().createObjectNode();
    JsonNode patch =
        JsonDiff.asJson(
            before.exists() ? before.object() : empty,
            after.exists() ? after.object() : empty,
            DIFF_FLAGS);
    return new ObjectDiff(before, after, patch);
  }

  Object snapshot(ApiRequest request) {
    boolean withObjects = request.flag("objects");
    int limit =
        request.number("limit", 100, 1, withObjects ? MAX_EMBEDDED_OBJECTS : Snapshots.MAX_PAGE);
    Snapshot snapshot =
        snapshots.at(
            request.filter(),
            request.time("at", request.now()),
            request.number("offset", 0, 0, Integer.MAX_VALUE),
            limit);
    List<SnapshotItem> items = new ArrayList<>();
    for (IndexedEvent event : snapshot.objects()) {
      JsonNode object =
          withObjects
              ? records
                  .read(event.partition(), event.offset())
                  .map(ChangeEvent::object)
                  .orElse(null)
              : null;
      items.add(new SnapshotItem(event, object));
    }
    return new SnapshotPage(snapshot.at(), items, snapshot.total(), snapshot.nextOffset());
  }

  Object compare(ApiRequest request) {
    Instant from = request.time("from", null);
    Instant to = request.time("to", request.now());
    if (from == null || from.isAfter(to)) {
      throw new BadRequest("give from, at or before to (default now)");
    }
    return snapshots.compare(request.filter(), from, to, limit(request));
  }

  Object timeline(ApiRequest request) {
    Instant to = request.time("to", request.now());
    Instant from = request.time("from", to.minus(Duration.ofHours(1)));
    return timelines.timeline(
        request.filter(),
        from,
        to,
        request.number("rowOffset", 0, 0, Integer.MAX_VALUE),
        request.number("rows", 100, 1, Timelines.MAX_ROWS),
        request.number("marks", 200, 1, Timelines.MAX_MARKS));
  }

  Object histogram(ApiRequest request) {
    Instant to = request.time("to", request.now());
    Instant from = request.time("from", to.minus(Duration.ofHours(1)));
    if (from.isAfter(to)) {
      throw new BadRequest("from is after to");
    }
    Duration fallback =
        Duration.ofMillis(
            Math.max(1000, Duration.between(from, to).toMillis() / 120 / 1000 * 1000));
    return queries.histogram(request.filter(), from, to, request.duration("bucket", fallback));
  }

  Status status() {
    Instant newest =
        queries.events(EventFilter.ALL, null, 1).events().stream()
            .findFirst()
            .map(IndexedEvent::observedAt)
            .orElse(null);
    return new Status(
        topic,
        index.count(),
        index.sizeOnDisk(),
        caughtUp.getAsBoolean(),
        index.positions(),
        skipped.getAsLong(),
        newest);
  }

  private ObjectState stateAt(EventFilter object, Instant at) {
    IndexedEvent last =
        queries
            .latest(object, at)
            .orElseThrow(() -> new NotFound("no such object at or before " + at));
    JsonNode state = envelope(last).object();
    return new ObjectState(at, last.type() != EventType.DELETED, last, state);
  }

  private IndexedEvent byRef(String ref) {
    String[] parts = ref.split("-", -1);
    try {
      if (parts.length == 2) {
        return queries
            .byRef(Integer.parseInt(parts[0]), Long.parseLong(parts[1]))
            .orElseThrow(() -> new NotFound("no event " + ref + " in the index"));
      }
    } catch (NumberFormatException e) {
      // one message below
    }
    throw new BadRequest("an event is named PARTITION-OFFSET, e.g. 3-48213");
  }

  private ChangeEvent envelope(IndexedEvent event) {
    return records
        .read(event.partition(), event.offset())
        .orElseThrow(
            () -> new NotFound("event " + event.ref() + " is no longer in the topic (retention)"));
  }

  private static int limit(ApiRequest request) {
    return request.number("limit", 100, 1, HistoryQueries.MAX_PAGE);
  }
}
