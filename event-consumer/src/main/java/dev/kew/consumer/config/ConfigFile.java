package dev.kew.consumer.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kew.consumer.route.Glob;
import dev.kew.consumer.route.Route;
import dev.kew.consumer.route.RouteTable;
import dev.kew.consumer.route.Rule;
import dev.kew.consumer.sink.ConfigValues;
import dev.kew.consumer.sink.InvalidConfigException;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkRegistry;
import dev.kew.consumer.sink.SinkSpec;
import dev.kew.model.EventType;
import dev.kew.model.LabelSelector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

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
 * reported at once, each naming its line.
 */
public final class ConfigFile {

  private static final Pattern SINK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Set<String> TOP_LEVEL = Set.of("sinks", "drop", "routes");

  private final String fileName;
  private final Map<String, Integer> lines;
  private final List<String> problems = new ArrayList<>();

  private ConfigFile(String fileName, Map<String, Integer> lines) {
    this.fileName = fileName;
    this.lines = lines;
  }

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
    YAMLMapper yaml =
        YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    JsonNode root;
    Map<String, Integer> lines;
    try {
      root = yaml.readTree(text);
      lines = lineIndex(yaml, text);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null ? fileName : fileName + " line " + e.getLocation().getLineNr();
      throw new InvalidConfigException(where + ": not valid YAML: " + e.getOriginalMessage());
    }
    ConfigFile config = new ConfigFile(fileName, lines);
    SinkSetup setup = config.read(root == null ? yaml.createObjectNode() : root, registry, env);
    if (!config.problems.isEmpty()) {
      throw new InvalidConfigException(config.problems);
    }
    return setup;
  }

  private SinkSetup read(JsonNode root, SinkRegistry registry, Function<String, String> env) {
    if (!root.isObject()) {
      problem("", "must be a mapping with sinks, drop and routes");
      return null;
    }
    root.fieldNames()
        .forEachRemaining(
            field -> {
              if (!TOP_LEVEL.contains(field)) {
                problem(
                    "/" + field, "'" + field + "' is not a known section; use sinks, drop, routes");
              }
            });
    Set<String> declared = new java.util.LinkedHashSet<>();
    Map<String, SinkFactory.Configured> sinks = sinks(root.path("sinks"), registry, env, declared);
    List<Rule> drop = rules(root.path("drop"), "/drop");
    List<Route> routes = new ArrayList<>();
    JsonNode routesNode = root.path("routes");
    if (routesNode.isMissingNode() || routesNode.isNull()) {
      routes.add(new Route(List.of(), List.of(), List.copyOf(sinks.keySet())));
    } else if (!routesNode.isArray()) {
      problem("/routes", "routes must be a list");
    } else {
      for (int i = 0; i < routesNode.size(); i++) {
        route(routesNode.get(i), "/routes/" + i, declared).ifPresent(routes::add);
      }
    }
    return new SinkSetup(sinks, new RouteTable(drop, routes));
  }

  private Map<String, SinkFactory.Configured> sinks(
      JsonNode node, SinkRegistry registry, Function<String, String> env, Set<String> declared) {
    Map<String, SinkFactory.Configured> sinks = new LinkedHashMap<>();
    if (!node.isArray() || node.isEmpty()) {
      problem(node.isMissingNode() ? "" : "/sinks", "sinks must be a list of at least one sink");
      return sinks;
    }
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      String pointer = "/sinks/" + i;
      JsonNode sink = node.get(i);
      if (!sink.isObject()) {
        problem(pointer, "a sink must be a mapping with name, type and its settings");
        continue;
      }
      String name = sink.path("name").asText("");
      String type = sink.path("type").asText("");
      if (!SINK_NAME.matcher(name).matches()) {
        problem(pointer + "/name", "every sink needs a name of letters, digits, '.', '_' or '-'");
        continue;
      }
      if (type.isBlank()) {
        problem(pointer, "sink '" + name + "' needs a type: one of " + registry.types());
        continue;
      }
      declared.add(name);
      String first = seen.putIfAbsent(name, at(pointer + "/name"));
      if (first != null) {
        problem(pointer + "/name", "sink name '" + name + "' is already used at " + first);
        continue;
      }
      try {
        sinks.put(
            name,
            registry.configure(
                new SinkSpec(name, type, (ObjectNode) sink, pointer, this::at, env)));
      } catch (InvalidConfigException e) {
        problems.addAll(e.problems());
      }
    }
    return sinks;
  }

  private Optional<Route> route(JsonNode node, String pointer, Set<String> sinkNames) {
    RouteSpec spec = bind(node, pointer, RouteSpec.class);
    if (spec == null) {
      return Optional.empty();
    }
    List<String> sinks = spec.sinks() == null ? List.of() : spec.sinks();
    if (sinks.isEmpty()) {
      problem(pointer, "a route needs sinks: [names]");
    }
    for (int i = 0; i < sinks.size(); i++) {
      if (!sinkNames.contains(sinks.get(i))) {
        problem(
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

  private List<Rule> rules(JsonNode node, String pointer) {
    List<Rule> rules = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return rules;
    }
    if (!node.isArray()) {
      problem(pointer, "must be a list of rules");
      return rules;
    }
    for (int i = 0; i < node.size(); i++) {
      rule(node.get(i), pointer + "/" + i).ifPresent(rules::add);
    }
    return rules;
  }

  private Optional<Rule> rule(JsonNode node, String pointer) {
    RuleSpec spec = bind(node, pointer, RuleSpec.class);
    if (spec == null) {
      return Optional.empty();
    }
    int before = problems.size();
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (String type : list(spec.type())) {
      try {
        types.add(EventType.valueOf(type.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problem(pointer + "/type", "type must be ADDED, MODIFIED or DELETED, was '" + type + "'");
      }
    }
    Optional<Pattern> name = Optional.empty();
    if (spec.name() != null) {
      try {
        name = Optional.of(Pattern.compile(spec.name()));
      } catch (PatternSyntaxException e) {
        problem(pointer + "/name", "name is not a regular expression: " + e.getDescription());
      }
    }
    Optional<LabelSelector> labels = Optional.empty();
    if (spec.labels() != null) {
      try {
        labels = Optional.of(LabelSelector.parse(spec.labels()));
      } catch (IllegalArgumentException e) {
        problem(pointer + "/labels", e.getMessage());
      }
    }
    if (problems.size() > before) {
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

  private <T> T bind(JsonNode node, String pointer, Class<T> type) {
    if (!node.isObject()) {
      problem(pointer, "must be a mapping");
      return null;
    }
    try {
      return ConfigValues.mapper().treeToValue(node, type);
    } catch (JsonMappingException e) {
      String path =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
              .collect(Collectors.joining("/"));
      String field = path.isEmpty() ? "" : "'" + path + "' ";
      problem(pointer + (path.isEmpty() ? "" : "/" + path), field + ConfigValues.describe(e));
    } catch (JsonProcessingException e) {
      problem(pointer, e.getOriginalMessage());
    }
    return null;
  }

  private void problem(String pointer, String message) {
    problems.add(at(pointer) + ": " + message);
  }

  /** {@code sinks.yaml line 12}: the line of {@code pointer}, or of its nearest parent. */
  String at(String pointer) {
    String p = pointer;
    while (!lines.containsKey(p) && !p.isEmpty()) {
      p = p.substring(0, p.lastIndexOf('/'));
    }
    Integer line = lines.get(p);
    return line == null ? fileName : fileName + " line " + line;
  }

  /** The line of every node, by JSON pointer. */
  private static Map<String, Integer> lineIndex(YAMLMapper yaml, String text)
      throws JsonProcessingException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = yaml.createParser(text)) {
      while (parser.nextToken() != null) {
        lines.putIfAbsent(
            parser.getParsingContext().pathAsPointer().toString(),
            parser.currentTokenLocation().getLineNr());
      }
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read a string", e);
    }
    return lines;
  }
}
