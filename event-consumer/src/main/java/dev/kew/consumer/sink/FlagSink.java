package dev.kew.consumer.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.cli.Validation;
import java.nio.file.Path;
import java.util.Map;

/**
 * One sink asked for by command-line flags, written as a configuration file would write it.
 *
 * @param name the sink's name (its type: flags make at most one sink of each type)
 * @param settings the sink's settings, {@code type} among them
 * @param flagsByField how messages name the flag behind each settings field
 */
public record FlagSink(String name, ObjectNode settings, Map<String, String> flagsByField) {

  public FlagSink {
    flagsByField = Map.copyOf(flagsByField);
  }

  /** Empty settings of {@code type}. */
  public static ObjectNode settingsOf(String type) {
    return ConfigValues.mapper().createObjectNode().put("type", type);
  }

  /**
   * Puts the {@code url} given as a value or as a file into {@code settings}.
   *
   * @param flag the value's flag, such as {@code --slack-webhook-url}; the file's is {@code
   *     flag-file}
   */
  public static void putUrl(
      ObjectNode settings, String url, Path file, String flag, String env, Validation v) {
    if (url != null && file != null) {
      v.add(flag + " (env " + env + ") and " + flag + "-file exclude each other");
    }
    if (url != null) {
      settings.put("url", url.trim());
    } else if (file != null) {
      settings.putObject("url").put("file", file.toString());
    }
  }
}
