package dev.kew.consumer.sink.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.consumer.sink.FlagSink;
import dev.kew.consumer.sink.FlagSinkContext;
import dev.kew.consumer.sink.SinkOptions;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --file*} flags: one file sink receiving every event. */
public final class FileOptions implements SinkOptions {

  @Option(
      names = "--file",
      paramLabel = "PATH",
      defaultValue = "${env:KEW_FILE}",
      description =
          "Append every event as one JSON line to this file, rotated by size (env KEW_FILE).")
  String file;

  @Option(
      names = "--file-max-size",
      paramLabel = "SIZE",
      defaultValue = "${env:KEW_FILE_MAX_SIZE:-100MB}",
      description =
          "Rotate --file before it grows past this size (env KEW_FILE_MAX_SIZE, default: ${DEFAULT-VALUE}).")
  String maxSize;

  @Option(
      names = "--file-keep",
      paramLabel = "N",
      defaultValue = "${env:KEW_FILE_KEEP:-5}",
      description =
          "Rotated files of --file to keep (env KEW_FILE_KEEP, default: ${DEFAULT-VALUE}).")
  String keep;

  @Override
  public List<String> requested() {
    return file != null && !file.isBlank() ? List.of("--file") : List.of();
  }

  @Override
  public List<FlagSink> sinks(FlagSinkContext context) {
    if (requested().isEmpty()) {
      return List.of();
    }
    ObjectNode settings = FlagSink.settingsOf("file");
    settings.put("path", file).put("maxSize", maxSize);
    try {
      settings.put("keep", Integer.parseInt(keep.trim()));
    } catch (NumberFormatException e) {
      context
          .validation()
          .add("--file-keep (env KEW_FILE_KEEP) must be a whole number, was '" + keep + "'");
    }
    return List.of(
        new FlagSink(
            "file",
            settings,
            Map.of(
                "path", "--file (env KEW_FILE)",
                "maxSize", "--file-max-size (env KEW_FILE_MAX_SIZE)",
                "keep", "--file-keep (env KEW_FILE_KEEP)")));
  }
}
