package dev.kew.consumer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.consumer.sink.ConfigValues;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The problems found in one configuration file so far, each naming its line. */
final class ConfigProblems {

  private final LocatedYaml yaml;
  private final List<String> problems = new ArrayList<>();

  ConfigProblems(LocatedYaml yaml) {
    this.yaml = yaml;
  }

  void add(String pointer, String message) {
    problems.add(yaml.at(pointer) + ": " + message);
  }

  /** Problems already located (a sink factory's). */
  void addAll(List<String> located) {
    problems.addAll(located);
  }

  int count() {
    return problems.size();
  }

  List<String> all() {
    return List.copyOf(problems);
  }

  /**
   * Binds a mapping to {@code type}; null (and a problem naming the field) when it does not fit.
   */
  <T> T bind(JsonNode node, String pointer, Class<T> type) {
    if (!node.isObject()) {
      add(pointer, "must be a mapping");
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
      add(pointer + (path.isEmpty() ? "" : "/" + path), field + ConfigValues.describe(e));
    } catch (JsonProcessingException e) {
      add(pointer, e.getOriginalMessage());
    }
    return null;
  }
}
