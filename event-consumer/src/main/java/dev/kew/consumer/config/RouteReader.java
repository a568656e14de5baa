package dev.kew.consumer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.consumer.route.Glob;
import dev.kew.consumer.route.Route;
import dev.kew.consumer.route.Rule;
import dev.kew.model.EventType;
import dev.kew.model.LabelSelector;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** Reads the {@code drop} rules and the {@code routes} of a configuration file. */
final class RouteReader {

  /** Fields of one rule as written. */
  record RuleSpec(
      List<String> kind,
      List<String> namespace,
      List<String> type,
      String name,
      String labels,
      List<String> cluster) {}

  /** One route as written. */
  record RouteSpec(List<ObjectNode> drop, List<ObjectNode> match, List<String> sinks) {}

  private final ConfigProblems problems;

  RouteReader(ConfigProblems problems) {
    this.problems = problems;
  }

  /** One route; empty when it is not a mapping of the fields a route has. */
  Optional<Route> route(JsonNode node, String pointer, Set<String> sinkNames) {
    RouteSpec spec = problems.bind(node, pointer, RouteSpec.class);
    if (spec == null) {
      return Optional.empty();
    }
    List<String> sinks = spec.sinks() == null ? List.of() : spec.sinks();
    if (sinks.isEmpty()) {
      problems.add(pointer, "a route needs sinks: [names]");
    }
    for (int i = 0; i < sinks.size(); i++) {
      if (!sinkNames.contains(sinks.get(i))) {
        problems.add(
            pointer + "/sinks/" + i,
            "route sends to sink '"
                + sinks.get(i)
                + "', which is not defined; sinks: "
                + sinkNames);
      }
    }
    return Optional.of(
        new Route(
            rules(node.path("drop"), pointer + "/drop"),
            rules(node.path("match"), pointer + "/match"),
            sinks));
  }

  /** A list of rules; none when the node is missing. */
  List<Rule> rules(JsonNode node, String pointer) {
    List<Rule> rules = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return rules;
    }
    if (!node.isArray()) {
      problems.add(pointer, "must be a list of rules");
      return rules;
    }
    for (int i = 0; i < node.size(); i++) {
      rule(node.get(i), pointer + "/" + i).ifPresent(rules::add);
    }
    return rules;
  }

  private Optional<Rule> rule(JsonNode node, String pointer) {
    RuleSpec spec = problems.bind(node, pointer, RuleSpec.class);
    if (spec == null) {
      return Optional.empty();
    }
    int before = problems.count();
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (String type : list(spec.type())) {
      try {
        types.add(EventType.valueOf(type.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add(
            pointer + "/type", "type must be ADDED, MODIFIED or DELETED, was '" + type + "'");
      }
    }
    Optional<Pattern> name = Optional.empty();
    if (spec.name() != null) {
      try {
        name = Optional.of(Pattern.compile(spec.name()));
      } catch (PatternSyntaxException e) {
        problems.add(pointer + "/name", "name is not a regular expression: " + e.getDescription());
      }
    }
    Optional<LabelSelector> labels = Optional.empty();
    if (spec.labels() != null) {
      try {
        labels = Optional.of(LabelSelector.parse(spec.labels()));
      } catch (IllegalArgumentException e) {
        problems.add(pointer + "/labels", e.getMessage());
      }
    }
    if (problems.count() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new Rule(
            Set.copyOf(list(spec.kind())),
            globs(spec.namespace()),
            types,
            name,
            labels,
            globs(spec.cluster())));
  }

  private static List<String> list(List<String> values) {
    return values == null ? List.of() : values;
  }

  private static List<Pattern> globs(List<String> values) {
    return list(values).stream().map(Glob::compile).collect(Collectors.toList());
  }
}
