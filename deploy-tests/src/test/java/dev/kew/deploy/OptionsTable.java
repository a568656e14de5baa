package dev.kew.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Renders a command's options as the README's Markdown table ({@code flag | env | default |
 * meaning}), from the picocli model alone, as Kafka renders its configuration docs from {@code
 * ConfigDef}: the env var and the default come from the option's {@code ${env:NAME:-default}}, the
 * meaning from its description. A description ends with {@code (env NAME)} or {@code (env NAME,
 * default: ${DEFAULT-VALUE})} so that {@code --help} names them; the table shows those in their own
 * columns, so that closing part is left out of the meaning.
 */
final class OptionsTable {

  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+)(?::-(.*))?}");

  private OptionsTable() {}

  /** One option as the table shows it. */
  record Row(String flag, String env, String defaultValue, String meaning) {}

  /**
   * The rows of {@code options}, read from a model whose variables are not interpolated (so that
   * the documented defaults, not this machine's environment, are shown).
   */
  static List<Row> rows(List<OptionSpec> options) {
    List<Row> rows = new ArrayList<>();
    for (OptionSpec option : options) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String env = "";
      String defaultValue = "";
      if (option.defaultValue() != null) {
        Matcher m = ENV_DEFAULT.matcher(option.defaultValue());
        if (m.matches()) {
          env = m.group(1);
          defaultValue = m.group(2) == null ? "" : m.group(2);
        }
      }
      rows.add(new Row(flag(option), env, defaultValue, meaning(option, env, defaultValue)));
    }
    return rows;
  }

  /** The Markdown table of {@code rows}. */
  static String render(List<Row> rows) {
    StringBuilder table =
        new StringBuilder("| flag | env | default | meaning |\n|---|---|---|---|\n");
    for (Row row : rows) {
      table
          .append("| ")
          .append(code(row.flag()))
          .append(" | ")
          .append(code(row.env()))
          .append(" | ")
          .append(code(row.defaultValue()))
          .append(" | ")
          .append(cell(row.meaning()))
          .append(" |\n");
    }
    return table.toString();
  }

  /**
   * The options whose description does not name their env var, which {@code --help} then would not
   * show.
   */
  static List<String> envNotDescribed(List<OptionSpec> options) {
    List<String> problems = new ArrayList<>();
    for (OptionSpec option : options) {
      Matcher m = ENV_DEFAULT.matcher(String.valueOf(option.defaultValue()));
      if (m.matches() && !String.join(" ", option.description()).contains("(env " + m.group(1))) {
        problems.add(option.longestName() + " does not name env " + m.group(1));
      }
    }
    return problems;
  }

  private static String flag(OptionSpec option) {
    String names = String.join(", ", option.names());
    if (option.arity().max() == 0 || option.paramLabel() == null) {
      return names;
    }
    return option.arity().min() == 0
        ? names + "[=" + option.paramLabel() + "]"
        : names + " " + option.paramLabel();
  }

  /**
   * The description without what the env and default columns show: its {@code (env NAME)} or {@code
   * (env NAME, default: ${DEFAULT-VALUE})} goes; from {@code (env NAME, more)} or {@code (env NAME;
   * more)} only {@code (more)} stays.
   */
  private static String meaning(OptionSpec option, String env, String defaultValue) {
    String description = String.join(" ", option.description()).trim();
    int open = env.isEmpty() ? -1 : description.indexOf("(env " + env);
    if (open >= 0) {
      int close = closingParenthesis(description, open);
      String rest = description.substring(open + "(env ".length() + env.length(), close);
      String kept;
      if (rest.isEmpty() || rest.equals(", default: ${DEFAULT-VALUE}")) {
        kept = "";
      } else if (rest.startsWith(", ") || rest.startsWith("; ")) {
        kept = " (" + rest.substring(2) + ")";
      } else {
        kept = " " + description.substring(open, close + 1);
      }
      description =
          description.substring(0, open).stripTrailing() + kept + description.substring(close + 1);
    }
    return description.replace("${DEFAULT-VALUE}", defaultValue);
  }

  private static int closingParenthesis(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      depth += text.charAt(i) == '(' ? 1 : text.charAt(i) == ')' ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    return text.length() - 1;
  }

  private static String code(String text) {
    return text.isEmpty() ? "" : "`" + text.replace("|", "\\|") + "`";
  }

  /** Text made safe for one Markdown table cell: one line, no column break, no HTML tag. */
  static String cell(String text) {
    return text.replace("\n", " ").replace("|", "\\|").replace("<", "&lt;");
  }
}
