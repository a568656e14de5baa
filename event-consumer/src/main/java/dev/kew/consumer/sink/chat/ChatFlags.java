package dev.kew.consumer.sink.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.consumer.sink.FlagSink;
import dev.kew.consumer.sink.FlagSinkContext;
import dev.kew.consumer.sink.http.HttpOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes the chat sink that a {@code --<type>-webhook-url} flag (or its file) asks for. */
public final class ChatFlags {

  private ChatFlags() {}

  /**
   * @param flag the URL's flag, such as {@code --slack-webhook-url}
   * @param env the URL's environment variable, such as {@code KEW_SLACK_WEBHOOK_URL}
   */
  public static List<FlagSink> sink(
      String type, String url, Path urlFile, String flag, String env, FlagSinkContext context) {
    if (url == null && urlFile == null) {
      return List.of();
    }
    ObjectNode settings = FlagSink.settingsOf(type);
    FlagSink.putUrl(settings, url, urlFile, flag, env, context.validation());
    context.find(HttpOptions.class).ifPresent(http -> http.applyTo(settings));
    Map<String, String> flags = new HashMap<>(HttpOptions.flagsByField());
    flags.put("url", flag + " (env " + env + ") or " + flag + "-file");
    return List.of(new FlagSink(type, settings, flags));
  }
}
