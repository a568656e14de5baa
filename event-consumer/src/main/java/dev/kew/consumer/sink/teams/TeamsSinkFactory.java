package dev.kew.consumer.sink.teams;

import dev.kew.consumer.sink.SinkOptions;
import dev.kew.consumer.sink.chat.ChatWebhookSinkFactory;
import java.util.List;

/**
 * {@code type: teams}: {@code url} (a value, {@code {env: NAME}} or {@code {file: PATH}}), {@code
 * timeout} (default 10s). Rate-limited to 1 message/s and digesting by default.
 */
public final class TeamsSinkFactory extends ChatWebhookSinkFactory {

  public TeamsSinkFactory() {
    super("teams", "TeamsSink", TeamsMessage::message);
  }

  @Override
  public List<SinkOptions> options() {
    return List.of(new TeamsOptions());
  }
}
