package dev.kew.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every value is documented in values.yaml, typed in the schema and listed in the README. */
class ChartDocumentationTest {

  private static final Pattern PARAM = Pattern.compile("(?m)^\\s*## @param (\\S+) ");

  private final Path chart = HelmChart.directory();

  @Test
  void everyValueIsDocumentedTypedAndListed() throws IOException {
    String valuesText = Files.readString(chart.resolve("values.yaml"));
    JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(valuesText);
    JsonNode schema = new ObjectMapper().readTree(chart.resolve("values.schema.json").toFile());
    String readme = Files.readString(chart.resolve("README.md"));

    Set<String> documented = new TreeSet<>();
    Matcher m = PARAM.matcher(valuesText);
    while (m.find()) {
      documented.add(m.group(1));
    }

    List<String> paths = new ArrayList<>();
    collectPaths(values, "", paths);
    assertThat(paths).hasSizeGreaterThan(50);
    assertThat(paths)
        .as("values without a '## @param' (on the value or an enclosing object)")
        .allMatch(path -> isDocumented(path, documented));
    assertThat(documented)
        .as("documented values that do not exist in values.yaml")
        .allMatch(path -> !values.at("/" + path.replace('.', '/')).isMissingNode());
    assertThat(documented)
        .as("documented values missing from the README's table")
        .allMatch(path -> readme.contains("| `" + path + "` |"));
    assertThat(paths)
        .as("values missing from values.schema.json")
        .allMatch(path -> typed(schema, schema, path.split("\\.")));
  }

  private static boolean isDocumented(String path, Set<String> documented) {
    for (String p = path;
        !p.isEmpty();
        p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
      if (documented.contains(p)) {
        return true;
      }
    }
    return false;
  }

  /** The paths of the leaves: scalars, lists and empty objects. */
  private static void collectPaths(JsonNode node, String prefix, List<String> into) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              String path = prefix.isEmpty() ? name : prefix + "." + name;
              JsonNode child = node.get(name);
              if (child.isObject() && !child.isEmpty()) {
                collectPaths(child, path, into);
              } else {
                into.add(path);
              }
            });
  }

  /** Whether the schema declares this path (objects it leaves open count for their content). */
  private static boolean typed(JsonNode root, JsonNode schema, String[] path) {
    JsonNode node = schema;
    for (String key : path) {
      node = resolve(root, node);
      JsonNode properties = node.get("properties");
      if (properties == null) {
        return node.path("type").asText().equals("object")
            && !node.path("additionalProperties").isBoolean();
      }
      node = properties.get(key);
      if (node == null) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode resolve(JsonNode root, JsonNode node) {
    JsonNode ref = node.get("$ref");
    return ref == null ? node : root.at(ref.asText().substring(1));
  }
}
