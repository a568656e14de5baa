package dev.kew.consumer.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kew.consumer.sink.InvalidConfigException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read strictly (a key written twice is an error) that knows the line of each of
 * its nodes, so that every message can say {@code sinks.yaml line 12}.
 */
final class LocatedYaml {

  private final String fileName;
  private final JsonNode root;
  private final Map<String, Integer> lines;

  private LocatedYaml(String fileName, JsonNode root, Map<String, Integer> lines) {
    this.fileName = fileName;
    this.root = root;
    this.lines = lines;
  }

  /**
   * Reads {@code text}; {@code fileName} is used in messages.
   *
   * @throws InvalidConfigException when it is not valid YAML, naming the line
   */
  static LocatedYaml parse(String fileName, String text) {
    YAMLMapper yaml =
        YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    try {
      JsonNode root = yaml.readTree(text);
      return new LocatedYaml(
          fileName, root == null ? yaml.createObjectNode() : root, lineIndex(yaml, text));
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null ? fileName : fileName + " line " + e.getLocation().getLineNr();
      throw new InvalidConfigException(where + ": not valid YAML: " + e.getOriginalMessage());
    }
  }

  /** The document; an empty mapping for an empty file. */
  JsonNode root() {
    return root;
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
