package dev.kew.consumer.sink.webhook;

import dev.kew.consumer.sink.Secret;
import dev.kew.consumer.sink.SecretRef;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkSpec;
import dev.kew.consumer.sink.http.HttpPost;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: webhook}: {@code url} (required; a value, {@code {env: NAME}} or {@code {file:
 * PATH}}), {@code format: envelope|cloudevents}, {@code headers: {Name: value}}, {@code timeout:
 * 10s}, {@code secret} (HMAC-SHA256 key, same forms as url), {@code signatureHeader}.
 */
public final class WebhookSinkFactory implements SinkFactory {

  record Settings(
      SecretRef url,
      String format,
      Map<String, SecretRef> headers,
      Duration timeout,
      SecretRef secret,
      String signatureHeader) {}

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public Configured configure(SinkSpec spec) {
    Settings s = spec.bind(Settings.class);
    Secret url = HttpPost.url(spec, s.url());
    WebhookConfig.BodyFormat format;
    try {
      format =
          WebhookConfig.BodyFormat.valueOf(
              (s.format() == null ? "envelope" : s.format()).trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw spec.problem("format", "must be envelope or cloudevents");
    }
    Map<String, Secret> headers = new LinkedHashMap<>();
    if (s.headers() != null) {
      s.headers()
          .forEach((name, value) -> headers.put(name, spec.secret(value, "headers/" + name)));
    }
    Duration timeout = HttpPost.timeout(spec, s.timeout());
    Optional<Secret> key =
        s.secret() == null ? Optional.empty() : Optional.of(spec.secret(s.secret(), "secret"));
    String signatureHeader =
        s.signatureHeader() == null ? WebhookConfig.DEFAULT_SIGNATURE_HEADER : s.signatureHeader();
    WebhookConfig config = new WebhookConfig(url, format, headers, timeout, key, signatureHeader);
    return new Configured(spec.policy(false), context -> new WebhookSink(config, context.clock()));
  }
}
