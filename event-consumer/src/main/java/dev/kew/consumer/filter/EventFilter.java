package dev.kew.consumer.filter;

import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which events to print. An event must pass every filter that was given; within one filter any of
 * its values will do. An empty filter lets everything through.
 *
 * @param kinds kinds to keep, compared case-insensitively ({@code deployment} keeps Deployments)
 * @param namespaces namespaces to keep; cluster-scoped objects never match a namespace filter
 * @param types event types to keep
 */
public record EventFilter(Set<String> kinds, Set<String> namespaces, Set<EventType> types) {

  /** Lets every event through. */
  public static final EventFilter ALL = new EventFilter(Set.of(), Set.of(), Set.of());

  public EventFilter {
    kinds =
        kinds.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    namespaces = Set.copyOf(namespaces);
    types = Set.copyOf(types);
  }

  public boolean matches(ChangeEvent event) {
    return (kinds.isEmpty() || kinds.contains(event.kind().toLowerCase(Locale.ROOT)))
        && (namespaces.isEmpty()
            || (event.namespace() != null && namespaces.contains(event.namespace())))
        && (types.isEmpty() || types.contains(event.type()));
  }

  /** True when this filter lets every event through. */
  public boolean isEmpty() {
    return kinds.isEmpty() && namespaces.isEmpty() && types.isEmpty();
  }
}
