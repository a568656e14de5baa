package dev.kew.consumer.sink.slack;

import dev.kew.consumer.sink.chat.ChatWebhookSinkFactory;

/**
 * {@code type: slack}: {@code url} (the incoming-webhook URL: a value, {@code {env: NAME}} or
 * {@code {file: PATH}}), {@code timeout} (default 10s). Rate-limited to 1 message/s and digesting
 * by default.
 */
public final class SlackSinkFactory extends ChatWebhookSinkFactory {

  public SlackSinkFactory() {
    super("slack", "SlackSink", SlackMessage::message);
  }
}
