package dev.kew.consumer.sink.chat;

import dev.kew.consumer.sink.HistoryLinks;
import dev.kew.consumer.sink.RecordRef;
import dev.kew.model.ChangeEvent;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history pages a chat message links to (with {@code --history-url}): each change's, by where
 * its record is on the topic, and each object's, by uid. {@link #NONE} without a history service.
 */
public final class ChatLinks {

  public static final ChatLinks NONE = new ChatLinks(Optional.empty(), Map.of());

  private final Optional<HistoryLinks> history;
  private final Map<ChangeEvent, RecordRef> records;

  private ChatLinks(Optional<HistoryLinks> history, Map<ChangeEvent, RecordRef> records) {
    this.history = history;
    this.records = records;
  }

  /**
   * @param records where each event is on the topic, {@code records.get(i)} for {@code
   *     events.get(i)}; empty when unknown (then only object pages are linked)
   */
  public static ChatLinks of(
      Optional<HistoryLinks> history, List<ChangeEvent> events, List<RecordRef> records) {
    if (history.isEmpty()) {
      return NONE;
    }
    Map<ChangeEvent, RecordRef> byEvent = new IdentityHashMap<>();
    for (int i = 0; i < events.size() && i < records.size(); i++) {
      byEvent.put(events.get(i), records.get(i));
    }
    return new ChatLinks(history, byEvent);
  }

  /** The page of this change, when there is a history service and the record is known. */
  public Optional<String> change(ChangeEvent event) {
    return history.flatMap(h -> Optional.ofNullable(records.get(event)).map(h::change));
  }

  /** The page of the event's object, when there is a history service. */
  public Optional<String> object(ChangeEvent event) {
    return history.map(h -> h.object(event.uid()));
  }
}
