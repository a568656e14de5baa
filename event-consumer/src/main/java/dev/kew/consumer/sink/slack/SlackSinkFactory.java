package dev.kew.consumer.sink.slack;

import dev.kew.consumer.sink.Secret;
import dev.kew.consumer.sink.SecretRef;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkSpec;
import dev.kew.consumer.sink.http.HttpPost;
import java.time.Duration;

/**
 * {@code type: slack}: {@code url} (the incoming-webhook URL: a value, {@code {env: NAME}} or
 * {@code {file: PATH}}), {@code timeout} (default 10s). Rate-limited to 1 message/s and digesting
 * by default.
 */
public final class SlackSinkFactory implements SinkFactory {

  record Settings(SecretRef url, Duration timeout) {}

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public Configured configure(SinkSpec spec) {
    Settings s = spec.bind(Settings.class);
    Secret url = HttpPost.url(spec, s.url());
    Duration timeout = HttpPost.timeout(spec, s.timeout());
    return new Configured(
        spec.policy(true),
        context -> new SlackSink(url, timeout, context.summaries(), context.clock()));
  }
}
