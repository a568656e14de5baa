package dev.kew.consumer.route;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import dev.kew.model.LabelSelector;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Conditions on an event; all given conditions must hold, and within one any value will do. A rule
 * with no condition matches every event.
 *
 * @param kinds kinds, compared case-insensitively
 * @param namespaces namespace globs; a cluster-scoped object has the namespace {@code ""}
 * @param types event types
 * @param name a regular expression the whole name must match
 * @param labels a label selector on {@code object.metadata.labels}
 * @param clusters cluster-name globs
 */
public record Rule(
    Set<String> kinds,
    List<Pattern> namespaces,
    Set<EventType> types,
    Optional<Pattern> name,
    Optional<LabelSelector> labels,
    List<Pattern> clusters) {

  /** Matches every event. */
  public static final Rule ANY =
      new Rule(Set.of(), List.of(), Set.of(), Optional.empty(), Optional.empty(), List.of());

  public Rule {
    kinds =
        kinds.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    namespaces = List.copyOf(namespaces);
    types = Set.copyOf(types);
    clusters = List.copyOf(clusters);
  }

  public boolean matches(ChangeEvent event) {
    String namespace = event.namespace() == null ? "" : event.namespace();
    return (kinds.isEmpty() || kinds.contains(event.kind().toLowerCase(Locale.ROOT)))
        && (namespaces.isEmpty() || anyMatch(namespaces, namespace))
        && (types.isEmpty() || types.contains(event.type()))
        && name.map(p -> p.matcher(event.name()).matches()).orElse(true)
        && labels.map(s -> s.matches(labels(event))).orElse(true)
        && (clusters.isEmpty() || anyMatch(clusters, event.cluster()));
  }

  private static boolean anyMatch(List<Pattern> patterns, String value) {
    return patterns.stream().anyMatch(p -> p.matcher(value).matches());
  }

  /** The object's {@code metadata.labels}. */
  static Map<String, String> labels(ChangeEvent event) {
    Map<String, String> labels = new HashMap<>();
    JsonNode node = event.object().path("metadata").path("labels");
    node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }
}
