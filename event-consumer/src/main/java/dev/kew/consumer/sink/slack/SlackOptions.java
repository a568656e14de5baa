package dev.kew.consumer.sink.slack;

import dev.kew.consumer.sink.FlagSink;
import dev.kew.consumer.sink.FlagSinkContext;
import dev.kew.consumer.sink.SinkOptions;
import dev.kew.consumer.sink.chat.ChatFlags;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --slack-webhook-url} flags: one Slack sink receiving every event. */
public final class SlackOptions implements SinkOptions {

  private static final String URL = "--slack-webhook-url";

  @Option(
      names = URL,
      paramLabel = "URL",
      defaultValue = "${env:KEW_SLACK_WEBHOOK_URL}",
      description =
          "Post events to this Slack incoming webhook, at most ~1 message/s, bursts as digests"
              + " (env KEW_SLACK_WEBHOOK_URL).")
  String url;

  @Option(
      names = "--slack-webhook-url-file",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_SLACK_WEBHOOK_URL_FILE}",
      description = "File holding the Slack webhook URL (env KEW_SLACK_WEBHOOK_URL_FILE).")
  Path urlFile;

  @Override
  public List<String> requested() {
    return url != null || urlFile != null ? List.of(URL) : List.of();
  }

  @Override
  public List<FlagSink> sinks(FlagSinkContext context) {
    return ChatFlags.sink("slack", url, urlFile, URL, "KEW_SLACK_WEBHOOK_URL", context);
  }
}
