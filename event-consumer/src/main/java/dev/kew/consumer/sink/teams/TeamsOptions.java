package dev.kew.consumer.sink.teams;

import dev.kew.consumer.sink.FlagSink;
import dev.kew.consumer.sink.FlagSinkContext;
import dev.kew.consumer.sink.SinkOptions;
import dev.kew.consumer.sink.chat.ChatFlags;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --teams-webhook-url} flags: one Microsoft Teams sink receiving every event. */
public final class TeamsOptions implements SinkOptions {

  private static final String URL = "--teams-webhook-url";

  @Option(
      names = URL,
      paramLabel = "URL",
      defaultValue = "${env:KEW_TEAMS_WEBHOOK_URL}",
      description =
          "Post events to this Microsoft Teams incoming webhook (Adaptive Cards), like Slack (env"
              + " KEW_TEAMS_WEBHOOK_URL).")
  String url;

  @Option(
      names = "--teams-webhook-url-file",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_TEAMS_WEBHOOK_URL_FILE}",
      description = "File holding the Teams webhook URL (env KEW_TEAMS_WEBHOOK_URL_FILE).")
  Path urlFile;

  @Override
  public List<String> requested() {
    return url != null || urlFile != null ? List.of(URL) : List.of();
  }

  @Override
  public List<FlagSink> sinks(FlagSinkContext context) {
    return ChatFlags.sink("teams", url, urlFile, URL, "KEW_TEAMS_WEBHOOK_URL", context);
  }
}
