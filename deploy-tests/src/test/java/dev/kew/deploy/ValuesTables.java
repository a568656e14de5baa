package dev.kew.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the chart README's value tables from {@code values.yaml} alone: one table per {@code ##
 * @section}, one row per {@code ## @param path description} (continued on the following {@code ##}
 * lines, up to an {@code Example:} or an indented line), with the value's default as {@code
 * values.yaml} sets it (the readme-generator convention of the Bitnami charts).
 */
final class ValuesTables {

  private static final Pattern SECTION = Pattern.compile("^\\s*## @section (.+)$");
  private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) (.+)$");
  private static final Pattern MORE = Pattern.compile("^\\s*## (?!@|Example| )(.+)$");

  private ValuesTables() {}

  /** The tables, each under a {@code ###} heading with its section's title. */
  static String render(String valuesYaml) {
    JsonNode values;
    try {
      values = new ObjectMapper(new YAMLFactory()).readTree(valuesYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder out = new StringBuilder();
    String param = null;
    StringBuilder meaning = new StringBuilder();
    for (String line : valuesYaml.split("\n")) {
      Matcher section = SECTION.matcher(line);
      Matcher start = PARAM.matcher(line);
      Matcher more = MORE.matcher(line);
      if (param != null && (section.matches() || start.matches() || !more.matches())) {
        row(out, param, meaning.toString(), values);
        param = null;
      }
      if (section.matches()) {
        out.append(out.isEmpty() ? "" : "\n")
            .append("### ")
            .append(section.group(1).trim())
            .append("\n\n| value | meaning | default |\n|---|---|---|\n");
      } else if (start.matches()) {
        param = start.group(1);
        meaning.setLength(0);
        meaning.append(start.group(2).trim());
      } else if (param != null) {
        meaning.append(' ').append(more.group(1).trim());
      }
    }
    if (param != null) {
      row(out, param, meaning.toString(), values);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String param, String meaning, JsonNode values) {
    out.append("| `")
        .append(param)
        .append("` | ")
        .append(OptionsTable.cell(meaning))
        .append(" | ")
        .append(defaultOf(values.at("/" + param.replace('.', '/'))))
        .append(" |\n");
  }

  private static String defaultOf(JsonNode value) {
    if (value.isContainerNode()) {
      return value.isEmpty() ? (value.isArray() ? "`[]`" : "`{}`") : "see `values.yaml`";
    }
    if (value.isNull()) {
      return "`null`";
    }
    String text = value.asText();
    return text.isEmpty() ? "`\"\"`" : "`" + text.replace("|", "\\|") + "`";
  }
}
