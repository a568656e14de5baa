package dev.kew.consumer.sink.chat;

import dev.kew.consumer.sink.Secret;
import dev.kew.consumer.sink.SecretRef;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkSpec;
import dev.kew.consumer.sink.http.HttpPost;
import java.time.Duration;

/**
 * A chat sink type: {@code url} (the incoming-webhook URL: a value, {@code {env: NAME}} or {@code
 * {file: PATH}}), {@code timeout} (default 10s). Rate-limited to 1 message/s and digesting by
 * default. Each chat service is a subclass naming its type and message format.
 */
public abstract class ChatWebhookSinkFactory implements SinkFactory {

  record Settings(SecretRef url, Duration timeout) {}

  private final String type;
  private final String sinkName;
  private final ChatWebhookSink.Message message;

  /**
   * @param type the {@code type} of the sink in the configuration
   * @param sinkName what the sink is called in logs
   * @param message the service's message format
   */
  protected ChatWebhookSinkFactory(String type, String sinkName, ChatWebhookSink.Message message) {
    this.type = type;
    this.sinkName = sinkName;
    this.message = message;
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final Configured configure(SinkSpec spec) {
    Settings s = spec.bind(Settings.class);
    Secret url = HttpPost.url(spec, s.url());
    Duration timeout = HttpPost.timeout(spec, s.timeout());
    return new Configured(
        spec.policy(true),
        context ->
            new ChatWebhookSink(
                sinkName,
                url,
                timeout,
                message,
                context.summaries(),
                context.history(),
                context.clock()));
  }
}
