package dev.kew.history.show;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.history.index.IndexedEvent;
import java.util.List;

/**
 * What {@code kew history show} prints, from either source.
 *
 * @param events the object's changes, oldest first (without {@code --at})
 * @param last its last event at the moment asked (with {@code --at}), or {@code null}
 * @param object its state then (with {@code --at}), or {@code null}
 */
public record ObjectAnswer(List<IndexedEvent> events, IndexedEvent last, JsonNode object) {}
