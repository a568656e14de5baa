package dev.kew.consumer.sink.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.cli.Validation;
import dev.kew.consumer.sink.FlagSink;
import dev.kew.consumer.sink.FlagSinkContext;
import dev.kew.consumer.sink.SinkOptions;
import dev.kew.consumer.sink.http.HttpOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --webhook-*} flags: one webhook sink receiving every event. */
public final class WebhookOptions implements SinkOptions {

  static final String URL = "--webhook-url";

  @Option(
      names = "--webhook-url",
      paramLabel = "URL",
      defaultValue = "${env:KEW_WEBHOOK_URL}",
      description =
          "POST every event to this URL (env KEW_WEBHOOK_URL; prefer --webhook-url-file when it"
              + " holds a token).")
  String url;

  @Option(
      names = "--webhook-url-file",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_WEBHOOK_URL_FILE}",
      description = "File holding the webhook URL (env KEW_WEBHOOK_URL_FILE).")
  Path urlFile;

  @Option(
      names = "--webhook-format",
      paramLabel = "FORMAT",
      defaultValue = "${env:KEW_WEBHOOK_FORMAT:-envelope}",
      description =
          "Webhook body: envelope (the event JSON) or cloudevents (CloudEvents 1.0 structured"
              + " JSON) (env KEW_WEBHOOK_FORMAT, default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--webhook-header",
      paramLabel = "'NAME: VALUE'",
      split = ";",
      defaultValue = "${env:KEW_WEBHOOK_HEADERS}",
      description =
          "Extra webhook request header; repeatable (env KEW_WEBHOOK_HEADERS, ';'-separated)."
              + " Values are never logged.")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--webhook-secret",
      paramLabel = "KEY",
      defaultValue = "${env:KEW_WEBHOOK_SECRET}",
      description =
          "Sign webhook requests the Standard Webhooks way (webhook-signature: v1,<base64"
              + " HMAC-SHA256 of id.timestamp.body>) with this whsec_<base64> secret (env"
              + " KEW_WEBHOOK_SECRET; prefer the env var or --webhook-secret-file).")
  String secret;

  @Option(
      names = "--webhook-secret-file",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_WEBHOOK_SECRET_FILE}",
      description = "File holding the whsec_ secret (env KEW_WEBHOOK_SECRET_FILE).")
  Path secretFile;

  @Override
  public List<String> requested() {
    return url != null || urlFile != null ? List.of(URL) : List.of();
  }

  @Override
  public void checkAlone(Validation v) {
    if (secret != null || secretFile != null) {
      v.add("--webhook-secret (env KEW_WEBHOOK_SECRET) needs --webhook-url");
    }
  }

  @Override
  public List<FlagSink> sinks(FlagSinkContext context) {
    if (requested().isEmpty()) {
      return List.of();
    }
    Validation v = context.validation();
    ObjectNode settings = FlagSink.settingsOf("webhook");
    FlagSink.putUrl(settings, url, urlFile, URL, "KEW_WEBHOOK_URL", v);
    settings.put("format", format);
    context.find(HttpOptions.class).ifPresent(http -> http.applyTo(settings));
    if (secret != null && secretFile != null) {
      v.add(
          "--webhook-secret (env KEW_WEBHOOK_SECRET) and --webhook-secret-file (env"
              + " KEW_WEBHOOK_SECRET_FILE) exclude each other");
    } else if (secret != null) {
      settings.put("secret", secret);
    } else if (secretFile != null) {
      settings.putObject("secret").put("file", secretFile.toString());
    }
    putHeaders(settings.putObject("headers"), v);
    Map<String, String> flags = new HashMap<>(HttpOptions.flagsByField());
    flags.put("url", "--webhook-url (env KEW_WEBHOOK_URL) or --webhook-url-file");
    flags.put("format", "--webhook-format (env KEW_WEBHOOK_FORMAT)");
    flags.put("secret", "--webhook-secret (env KEW_WEBHOOK_SECRET) or --webhook-secret-file");
    flags.put("headers", "--webhook-header (env KEW_WEBHOOK_HEADERS)");
    return List.of(new FlagSink("webhook", settings, flags));
  }

  private void putHeaders(ObjectNode into, Validation v) {
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (header.isBlank()) {
        continue;
      }
      if (colon <= 0) {
        v.add(
            "--webhook-header (env KEW_WEBHOOK_HEADERS) must be 'Name: value', was a value"
                + " without a name");
      } else {
        into.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
      }
    }
  }
}
