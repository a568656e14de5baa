package dev.kew.consumer.sink.teams;

import dev.kew.consumer.sink.SecretRef;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkSpec;
import dev.kew.consumer.sink.http.HttpPost;
import java.time.Duration;

/**
 * {@code type: teams}: {@code url} (a value, {@code {env: NAME}} or {@code {file: PATH}}), {@code
 * timeout} (default 10s). Rate-limited to 1 message/s and digesting by default.
 */
public final class TeamsSinkFactory implements SinkFactory {

  record Settings(SecretRef url, Duration timeout) {}

  @Override
  public String type() {
    return "teams";
  }

  @Override
  public Configured configure(SinkSpec spec) {
    Settings s = spec.bind(Settings.class);
    var url = HttpPost.url(spec, s.url());
    Duration timeout = HttpPost.timeout(spec, s.timeout());
    return new Configured(
        spec.policy(true),
        context -> new TeamsSink(url, timeout, context.summaries(), context.clock()));
  }
}
