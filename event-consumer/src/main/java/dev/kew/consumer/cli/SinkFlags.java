package dev.kew.consumer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.cli.DurationConverter;
import dev.kew.cli.Validation;
import dev.kew.consumer.config.ConfigFile;
import dev.kew.consumer.config.SinkSetup;
import dev.kew.consumer.output.OutputFormat;
import dev.kew.consumer.route.RouteTable;
import dev.kew.consumer.sink.ConfigValues;
import dev.kew.consumer.sink.InvalidConfigException;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkRegistry;
import dev.kew.consumer.sink.SinkSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Turns the sink flags into a {@link SinkSetup}: the {@code --config} file, or one sink per simple
 * flag ({@code --webhook-url}, {@code --slack-webhook-url}, {@code --teams-webhook-url}, {@code
 * --file}) each receiving every event, or else stdout alone. Flag sinks go through the same
 * factories as the file's, so they are validated the same way; messages name the flag.
 */
final class SinkFlags {

  /** Names of the sinks made from the simple flags. */
  static final String WEBHOOK = "webhook";

  static final String SLACK = "slack";
  static final String TEAMS = "teams";
  static final String FILE = "file";
  static final String STDOUT = "stdout";

  private static final String ON_AUTH_FAILURE = "--on-auth-failure (env KEW_ON_AUTH_FAILURE)";

  private SinkFlags() {}

  static SinkSetup setup(
      ConsumerCommand f,
      OutputFormat output,
      boolean history,
      Function<String, String> env,
      Validation v) {
    SinkRegistry registry;
    try {
      registry = SinkRegistry.load();
    } catch (InvalidConfigException e) {
      e.problems().forEach(v::add);
      return stdoutOnly(output, SinkRegistry.of(List.of()), env, v);
    }
    List<String> sinkFlags = new ArrayList<>();
    addIf(f.webhookUrl != null || f.webhookUrlFile != null, "--webhook-url", sinkFlags);
    addIf(f.slackUrl != null || f.slackUrlFile != null, "--slack-webhook-url", sinkFlags);
    addIf(f.teamsUrl != null || f.teamsUrlFile != null, "--teams-webhook-url", sinkFlags);
    addIf(f.file != null && !f.file.isBlank(), "--file", sinkFlags);
    if (history && (f.config != null || !sinkFlags.isEmpty())) {
      v.add("--uid/--object print a history on stdout; they take no --config or sink flags");
      return stdoutOnly(output, registry, env, v);
    }
    if (f.config != null) {
      if (!sinkFlags.isEmpty()) {
        v.add(
            "--config (env KEW_CONFIG) defines every sink; it cannot be combined with "
                + String.join(", ", sinkFlags));
      }
      try {
        return ConfigFile.load(f.config, registry, env);
      } catch (InvalidConfigException e) {
        e.problems().forEach(p -> v.add("--config (env KEW_CONFIG) " + p));
        return stdoutOnly(output, registry, env, v);
      }
    }
    if (sinkFlags.isEmpty()) {
      if (f.webhookSecret != null || f.webhookSecretFile != null) {
        v.add("--webhook-secret (env KEW_WEBHOOK_SECRET) needs --webhook-url");
      }
      return stdoutOnly(output, registry, env, v);
    }
    try {
      DurationConverter.parse(f.webhookTimeout);
    } catch (CommandLine.TypeConversionException e) {
      v.add("--webhook-timeout (env KEW_WEBHOOK_TIMEOUT): " + e.getMessage());
      f.webhookTimeout = null; // reported once here, not again by every HTTP sink
    }
    Map<String, SinkFactory.Configured> sinks = new LinkedHashMap<>();
    if (f.webhookUrl != null || f.webhookUrlFile != null) {
      webhook(f, registry, env, v, sinks);
    }
    if (f.slackUrl != null || f.slackUrlFile != null) {
      chat(
          SLACK,
          f.slackUrl,
          f.slackUrlFile,
          "--slack-webhook-url",
          "KEW_SLACK_WEBHOOK_URL",
          f,
          registry,
          env,
          v,
          sinks);
    }
    if (f.teamsUrl != null || f.teamsUrlFile != null) {
      chat(
          TEAMS,
          f.teamsUrl,
          f.teamsUrlFile,
          "--teams-webhook-url",
          "KEW_TEAMS_WEBHOOK_URL",
          f,
          registry,
          env,
          v,
          sinks);
    }
    if (f.file != null && !f.file.isBlank()) {
      ObjectNode node = node(FILE);
      node.put("path", f.file).put("maxSize", f.fileMaxSize);
      try {
        node.put("keep", Integer.parseInt(f.fileKeep.trim()));
      } catch (NumberFormatException e) {
        v.add("--file-keep (env KEW_FILE_KEEP) must be a whole number, was '" + f.fileKeep + "'");
      }
      configure(
          FILE,
          node,
          Map.of(
              "path", "--file (env KEW_FILE)",
              "maxSize", "--file-max-size (env KEW_FILE_MAX_SIZE)",
              "keep", "--file-keep (env KEW_FILE_KEEP)"),
          registry,
          env,
          v,
          sinks);
    }
    return new SinkSetup(sinks, RouteTable.everythingTo(List.copyOf(sinks.keySet())));
  }

  private static void webhook(
      ConsumerCommand f,
      SinkRegistry registry,
      Function<String, String> env,
      Validation v,
      Map<String, SinkFactory.Configured> sinks) {
    ObjectNode node = node(WEBHOOK);
    url(node, f.webhookUrl, f.webhookUrlFile, "--webhook-url", "KEW_WEBHOOK_URL", v);
    node.put("format", f.webhookFormat);
    httpSettings(node, f);
    if (f.webhookSecret != null && f.webhookSecretFile != null) {
      v.add(
          "--webhook-secret (env KEW_WEBHOOK_SECRET) and --webhook-secret-file (env"
              + " KEW_WEBHOOK_SECRET_FILE) exclude each other");
    } else if (f.webhookSecret != null) {
      node.put("secret", f.webhookSecret);
    } else if (f.webhookSecretFile != null) {
      node.putObject("secret").put("file", f.webhookSecretFile.toString());
    }
    ObjectNode headers = node.putObject("headers");
    for (String header : f.webhookHeaders) {
      int colon = header.indexOf(':');
      if (header.isBlank()) {
        continue;
      }
      if (colon <= 0) {
        v.add(
            "--webhook-header (env KEW_WEBHOOK_HEADERS) must be 'Name: value', was a value"
                + " without a name");
      } else {
        headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
      }
    }
    configure(
        WEBHOOK,
        node,
        Map.of(
            "url", "--webhook-url (env KEW_WEBHOOK_URL) or --webhook-url-file",
            "format", "--webhook-format (env KEW_WEBHOOK_FORMAT)",
            "timeout", "--webhook-timeout (env KEW_WEBHOOK_TIMEOUT)",
            "secret", "--webhook-secret (env KEW_WEBHOOK_SECRET) or --webhook-secret-file",
            "headers", "--webhook-header (env KEW_WEBHOOK_HEADERS)",
            "onAuthFailure", ON_AUTH_FAILURE),
        registry,
        env,
        v,
        sinks);
  }

  private static void chat(
      String type,
      String url,
      Path urlFile,
      String flag,
      String envVar,
      ConsumerCommand f,
      SinkRegistry registry,
      Function<String, String> env,
      Validation v,
      Map<String, SinkFactory.Configured> sinks) {
    ObjectNode node = node(type);
    url(node, url, urlFile, flag, envVar, v);
    httpSettings(node, f);
    configure(
        type,
        node,
        Map.of(
            "url",
            flag + " (env " + envVar + ") or " + flag + "-file",
            "timeout",
            "--webhook-timeout (env KEW_WEBHOOK_TIMEOUT)",
            "onAuthFailure",
            ON_AUTH_FAILURE),
        registry,
        env,
        v,
        sinks);
  }

  /** The settings every HTTP sink made from flags shares. */
  private static void httpSettings(ObjectNode node, ConsumerCommand f) {
    if (f.webhookTimeout != null) {
      node.put("timeout", f.webhookTimeout);
    }
    node.put("onAuthFailure", f.onAuthFailure);
  }

  private static void url(
      ObjectNode node, String url, Path file, String flag, String envVar, Validation v) {
    if (url != null && file != null) {
      v.add(flag + " (env " + envVar + ") and " + flag + "-file exclude each other");
    }
    if (url != null) {
      node.put("url", url.trim());
    } else if (file != null) {
      node.putObject("url").put("file", file.toString());
    }
  }

  private static SinkSetup stdoutOnly(
      OutputFormat output, SinkRegistry registry, Function<String, String> env, Validation v) {
    Map<String, SinkFactory.Configured> sinks = new LinkedHashMap<>();
    ObjectNode node = node(STDOUT).put("format", output.cliName());
    configure(STDOUT, node, Map.of("format", "--output (env KEW_OUTPUT)"), registry, env, v, sinks);
    return new SinkSetup(sinks, RouteTable.everythingTo(List.copyOf(sinks.keySet())));
  }

  private static void configure(
      String name,
      ObjectNode node,
      Map<String, String> flagsByField,
      SinkRegistry registry,
      Function<String, String> env,
      Validation v,
      Map<String, SinkFactory.Configured> sinks) {
    Function<String, String> locate =
        pointer -> {
          String field = pointer.replaceFirst("^/", "").replaceFirst("/.*", "");
          return flagsByField.getOrDefault(field, "sink flags");
        };
    try {
      sinks.put(
          name,
          registry.configure(
              new SinkSpec(name, node.path("type").asText(), node, "", locate, env)));
    } catch (InvalidConfigException e) {
      e.problems().forEach(v::add);
    }
  }

  private static ObjectNode node(String type) {
    return ConfigValues.mapper().createObjectNode().put("type", type);
  }

  private static void addIf(boolean condition, String flag, List<String> flags) {
    if (condition) {
      flags.add(flag);
    }
  }
}
