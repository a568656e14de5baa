package dev.kew.consumer.route;

import dev.kew.model.ChangeEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which sinks an event goes to. Global {@code drop} rules are checked first (like
 * kubernetes-event-exporter's routes); then every route that accepts the event adds its sinks. An
 * event no route takes goes nowhere and counts as handled.
 *
 * @param drop rules that keep an event from every route
 * @param routes the routes, in configuration order
 */
public record RouteTable(List<Rule> drop, List<Route> routes) {

  public RouteTable {
    drop = List.copyOf(drop);
    routes = List.copyOf(routes);
  }

  /** One route taking every event to {@code sinks}. */
  public static RouteTable everythingTo(List<String> sinks) {
    return new RouteTable(List.of(), List.of(new Route(List.of(), List.of(), sinks)));
  }

  /** The sinks {@code event} goes to, without duplicates, in configuration order. */
  public Set<String> sinksFor(ChangeEvent event) {
    Set<String> sinks = new LinkedHashSet<>();
    if (drop.stream().anyMatch(r -> r.matches(event))) {
      return sinks;
    }
    for (Route route : routes) {
      if (route.accepts(event)) {
        sinks.addAll(route.sinks());
      }
    }
    return sinks;
  }
}
