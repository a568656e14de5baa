package dev.kew.consumer.sink.slack;

import dev.kew.consumer.sink.SinkOptions;
import dev.kew.consumer.sink.chat.ChatWebhookSinkFactory;
import java.util.List;

/**
 * {@code type: slack}: {@code url} (the incoming-webhook URL: a value, {@code {env: NAME}} or
 * {@code {file: PATH}}), {@code timeout} (default 10s). Rate-limited to 1 message/s and digesting
 * by default.
 */
public final class SlackSinkFactory extends ChatWebhookSinkFactory {

  public SlackSinkFactory() {
    super("slack", "SlackSink", SlackMessage::message);
  }

  @Override
  public List<SinkOptions> options() {
    return List.of(new SlackOptions());
  }
}
