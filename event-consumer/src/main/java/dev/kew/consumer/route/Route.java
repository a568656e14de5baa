package dev.kew.consumer.route;

import dev.kew.model.ChangeEvent;
import java.util.List;

/**
 * Sends events to sinks: an event takes this route unless a {@code drop} rule matches it, and then
 * only if a {@code match} rule matches it (no match rules: every event that was not dropped).
 *
 * @param drop rules checked first; any match keeps the event off this route
 * @param match rules of which one must match
 * @param sinks names of the sinks the route delivers to
 */
public record Route(List<Rule> drop, List<Rule> match, List<String> sinks) {

  public Route {
    drop = List.copyOf(drop);
    match = List.copyOf(match);
    sinks = List.copyOf(sinks);
  }

  public boolean accepts(ChangeEvent event) {
    return drop.stream().noneMatch(r -> r.matches(event))
        && (match.isEmpty() || match.stream().anyMatch(r -> r.matches(event)));
  }
}
