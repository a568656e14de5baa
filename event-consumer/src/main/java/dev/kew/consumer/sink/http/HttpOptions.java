package dev.kew.consumer.sink.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.cli.DurationConverter;
import dev.kew.cli.Validation;
import dev.kew.consumer.sink.FlagSink;
import dev.kew.consumer.sink.FlagSinkContext;
import dev.kew.consumer.sink.SinkOptions;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The flags that every HTTP sink made from flags shares (webhook, Slack and Teams). */
public final class HttpOptions implements SinkOptions {

  private static final String ON_AUTH_FAILURE = "--on-auth-failure (env KEW_ON_AUTH_FAILURE)";
  private static final String TIMEOUT = "--webhook-timeout (env KEW_WEBHOOK_TIMEOUT)";

  @Option(
      names = "--on-auth-failure",
      paramLabel = "wait|dead-letter",
      defaultValue = "${env:KEW_ON_AUTH_FAILURE:-wait}",
      description =
          "When a webhook, Slack or Teams URL answers 401 or 403: wait (hold that sink's"
              + " deliveries, retry every minute, report it on /readyz) or dead-letter (send the"
              + " event to the dead-letter topic and go on) (env KEW_ON_AUTH_FAILURE, default:"
              + " ${DEFAULT-VALUE}).")
  String onAuthFailure;

  @Option(
      names = "--webhook-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_WEBHOOK_TIMEOUT:-10s}",
      description =
          "Connect and request timeout of every webhook call, Slack and Teams included (env"
              + " KEW_WEBHOOK_TIMEOUT, default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public List<String> requested() {
    return List.of();
  }

  /** Reports an invalid timeout once here, not again by every HTTP sink. */
  @Override
  public void check(Validation v) {
    try {
      DurationConverter.parse(timeout);
    } catch (TypeConversionException e) {
      v.add(TIMEOUT + ": " + e.getMessage());
      timeout = null;
    }
  }

  @Override
  public List<FlagSink> sinks(FlagSinkContext context) {
    return List.of();
  }

  /** Puts the shared settings into an HTTP sink's {@code settings}. */
  public void applyTo(ObjectNode settings) {
    if (timeout != null) {
      settings.put("timeout", timeout);
    }
    settings.put("onAuthFailure", onAuthFailure);
  }

  /** How messages name the flags behind the shared settings. */
  public static Map<String, String> flagsByField() {
    return Map.of("timeout", TIMEOUT, "onAuthFailure", ON_AUTH_FAILURE);
  }
}
