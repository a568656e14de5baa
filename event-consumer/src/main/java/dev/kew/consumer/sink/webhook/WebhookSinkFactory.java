package dev.kew.consumer.sink.webhook;

import dev.kew.consumer.sink.Secret;
import dev.kew.consumer.sink.SecretRef;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkOptions;
import dev.kew.consumer.sink.SinkSpec;
import dev.kew.consumer.sink.http.HeaderRules;
import dev.kew.consumer.sink.http.HttpOptions;
import dev.kew.consumer.sink.http.HttpPost;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code type: webhook}: {@code url} (required; a value, {@code {env: NAME}} or {@code {file:
 * PATH}}), {@code format: envelope|cloudevents}, {@code headers: {Name: value}} (checked by {@link
 * HeaderRules}), {@code timeout: 10s}, {@code secret} (a Standard Webhooks {@code whsec_} secret,
 * same forms as url).
 */
public final class WebhookSinkFactory implements SinkFactory {

  record Settings(
      SecretRef url,
      String format,
      Map<String, SecretRef> headers,
      Duration timeout,
      SecretRef secret,
      String signatureHeader) {}

  /** Headers the sink sets itself. */
  private static final Set<String> RESERVED =
      Set.of(
          "content-type",
          StandardWebhooks.ID,
          StandardWebhooks.TIMESTAMP,
          StandardWebhooks.SIGNATURE);

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
          .forEach(
              (name, ref) -> {
                Secret value = spec.secret(ref, "headers/" + name);
                HeaderRules.problem(name, value.reveal(), RESERVED)
                    .ifPresent(
                        problem -> {
                          throw spec.problem("headers/" + name, problem);
                        });
                headers.put(name, value);
              });
    }
    Duration timeout = HttpPost.timeout(spec, s.timeout());
    Optional<Secret> key =
        s.secret() == null ? Optional.empty() : Optional.of(spec.secret(s.secret(), "secret"));
    if (s.signatureHeader() != null) {
      throw spec.problem(
          "signatureHeader",
          "is no longer supported: requests are signed with the Standard Webhooks headers"
              + " webhook-id, webhook-timestamp and webhook-signature");
    }
    key.ifPresent(
        secret -> {
          try {
            new StandardWebhooks(secret.reveal());
          } catch (IllegalArgumentException e) {
            throw spec.problem("secret", e.getMessage());
          }
        });
    WebhookConfig config = new WebhookConfig(url, format, headers, timeout, key);
    return new Configured(spec.policy(false), context -> new WebhookSink(config, context.clock()));
  }

  /** The webhook's flags, then those every HTTP sink shares (the help lists them so). */
  @Override
  public List<SinkOptions> options() {
    return List.of(new WebhookOptions(), new HttpOptions());
  }
}
