package dev.kew.consumer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.consumer.route.Route;
import dev.kew.consumer.route.RouteTable;
import dev.kew.consumer.route.Rule;
import dev.kew.consumer.sink.InvalidConfigException;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkRegistry;
import dev.kew.consumer.sink.SinkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the {@code --config} YAML file: named sinks and the routes between them.
 *
 * <pre>
 * sinks:
 *   - name: ops-slack
 *     type: slack
 *     url: {env: SLACK_WEBHOOK_URL}
 *   - name: audit
 *     type: webhook
 *     url: {file: /etc/kew/audit-url}
 *     secret: {env: AUDIT_HMAC_KEY}
 * drop:                       # checked first: these events go nowhere
 *   - namespace: kube-system
 * routes:
 *   - match:
 *       - kind: Deployment
 *         namespace: "prod-*"
 *     drop:
 *       - labels: "canary=true"
 *     sinks: [ops-slack]
 *   - sinks: [audit]          # no match rules: every event not dropped
 * </pre>
 *
 * <p>Without {@code routes}, every sink receives every event that was not dropped. Every problem is
 * reported at once, each naming its line. The sinks are validated here by their factories, the
 * rules and routes by {@link RouteReader}.
 */
public final class ConfigFile {

  private static final Pattern SINK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Set<String> TOP_LEVEL = Set.of("sinks", "drop", "routes");

  private final LocatedYaml yaml;
  private final ConfigProblems problems;
  private final RouteReader routes;

  private ConfigFile(LocatedYaml yaml) {
    this.yaml = yaml;
    this.problems = new ConfigProblems(yaml);
    this.routes = new RouteReader(problems);
  }

  /**
   * Loads and validates {@code file}.
   *
   * @param env environment lookup for {@code {env: NAME}} secrets
   * @throws InvalidConfigException listing every problem, each with its line
   */
  public static SinkSetup load(Path file, SinkRegistry registry, Function<String, String> env) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException | RuntimeException e) {
      throw new InvalidConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    return parse(file.toString(), text, registry, env);
  }

  /** Like {@link #load} for text already read; {@code fileName} is used in messages. */
  public static SinkSetup parse(
      String fileName, String text, SinkRegistry registry, Function<String, String> env) {
    ConfigFile config = new ConfigFile(LocatedYaml.parse(fileName, text));
    SinkSetup setup = config.read(config.yaml.root(), registry, env);
    if (config.problems.count() > 0) {
      throw new InvalidConfigException(config.problems.all());
    }
    return setup;
  }

  private SinkSetup read(JsonNode root, SinkRegistry registry, Function<String, String> env) {
    if (!root.isObject()) {
      problems.add("", "must be a mapping with sinks, drop and routes");
      return null;
    }
    root.fieldNames()
        .forEachRemaining(
            field -> {
              if (!TOP_LEVEL.contains(field)) {
                problems.add(
                    "/" + field, "'" + field + "' is not a known section; use sinks, drop, routes");
              }
            });
    Set<String> declared = new LinkedHashSet<>();
    Map<String, SinkFactory.Configured> sinks = sinks(root.path("sinks"), registry, env, declared);
    List<Rule> drop = routes.rules(root.path("drop"), "/drop");
    List<Route> routeList = new ArrayList<>();
    JsonNode routesNode = root.path("routes");
    if (routesNode.isMissingNode() || routesNode.isNull()) {
      routeList.add(new Route(List.of(), List.of(), List.copyOf(sinks.keySet())));
    } else if (!routesNode.isArray()) {
      problems.add("/routes", "routes must be a list");
    } else {
      for (int i = 0; i < routesNode.size(); i++) {
        routes.route(routesNode.get(i), "/routes/" + i, declared).ifPresent(routeList::add);
      }
    }
    return new SinkSetup(sinks, new RouteTable(drop, routeList));
  }

  private Map<String, SinkFactory.Configured> sinks(
      JsonNode node, SinkRegistry registry, Function<String, String> env, Set<String> declared) {
    Map<String, SinkFactory.Configured> sinks = new LinkedHashMap<>();
    if (!node.isArray() || node.isEmpty()) {
      problems.add(
          node.isMissingNode() ? "" : "/sinks", "sinks must be a list of at least one sink");
      return sinks;
    }
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      String pointer = "/sinks/" + i;
      JsonNode sink = node.get(i);
      if (!sink.isObject()) {
        problems.add(pointer, "a sink must be a mapping with name, type and its settings");
        continue;
      }
      String name = sink.path("name").asText("");
      String type = sink.path("type").asText("");
      if (!SINK_NAME.matcher(name).matches()) {
        problems.add(
            pointer + "/name", "every sink needs a name of letters, digits, '.', '_' or '-'");
        continue;
      }
      if (type.isBlank()) {
        problems.add(pointer, "sink '" + name + "' needs a type: one of " + registry.types());
        continue;
      }
      declared.add(name);
      String first = seen.putIfAbsent(name, yaml.at(pointer + "/name"));
      if (first != null) {
        problems.add(pointer + "/name", "sink name '" + name + "' is already used at " + first);
        continue;
      }
      try {
        sinks.put(
            name,
            registry.configure(
                new SinkSpec(name, type, (ObjectNode) sink, pointer, yaml::at, env)));
      } catch (InvalidConfigException e) {
        problems.addAll(e.problems());
      }
    }
    return sinks;
  }
}
