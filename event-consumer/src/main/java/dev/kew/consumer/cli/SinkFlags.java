package dev.kew.consumer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.cli.Validation;
import dev.kew.consumer.config.ConfigFile;
import dev.kew.consumer.config.SinkSetup;
import dev.kew.consumer.output.OutputFormat;
import dev.kew.consumer.route.RouteTable;
import dev.kew.consumer.sink.FlagSink;
import dev.kew.consumer.sink.FlagSinkContext;
import dev.kew.consumer.sink.InvalidConfigException;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkOptions;
import dev.kew.consumer.sink.SinkRegistry;
import dev.kew.consumer.sink.SinkSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the sink flags into a {@link SinkSetup}: the {@code --config} file, or one sink per sink
 * type whose flags ask for one (each receiving every event), or else stdout alone. Flag sinks go
 * through the same factories as the file's, so they are validated the same way; messages name the
 * flag.
 */
final class SinkFlags {

  /** The name of the sink that prints on stdout when no other is asked for. */
  static final String STDOUT = "stdout";

  private SinkFlags() {}

  static SinkSetup setup(
      Path config,
      List<SinkOptions> options,
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
    List<String> sinkFlags = options.stream().flatMap(o -> o.requested().stream()).toList();
    if (history && (config != null || !sinkFlags.isEmpty())) {
      v.add("--uid/--object print a history on stdout; they take no --config or sink flags");
      return stdoutOnly(output, registry, env, v);
    }
    if (config != null) {
      if (!sinkFlags.isEmpty()) {
        v.add(
            "--config (env KEW_CONFIG) defines every sink; it cannot be combined with "
                + String.join(", ", sinkFlags));
      }
      try {
        return ConfigFile.load(config, registry, env);
      } catch (InvalidConfigException e) {
        e.problems().forEach(p -> v.add("--config (env KEW_CONFIG) " + p));
        return stdoutOnly(output, registry, env, v);
      }
    }
    if (sinkFlags.isEmpty()) {
      options.forEach(o -> o.checkAlone(v));
      return stdoutOnly(output, registry, env, v);
    }
    options.forEach(o -> o.check(v));
    FlagSinkContext context = new FlagSinkContext(v, options);
    Map<String, SinkFactory.Configured> sinks = new LinkedHashMap<>();
    for (SinkOptions o : options) {
      o.sinks(context).forEach(sink -> configure(sink, registry, env, v, sinks));
    }
    return new SinkSetup(sinks, RouteTable.everythingTo(List.copyOf(sinks.keySet())));
  }

  private static SinkSetup stdoutOnly(
      OutputFormat output, SinkRegistry registry, Function<String, String> env, Validation v) {
    Map<String, SinkFactory.Configured> sinks = new LinkedHashMap<>();
    ObjectNode settings = FlagSink.settingsOf(STDOUT).put("format", output.cliName());
    configure(
        new FlagSink(STDOUT, settings, Map.of("format", "--output (env KEW_OUTPUT)")),
        registry,
        env,
        v,
        sinks);
    return new SinkSetup(sinks, RouteTable.everythingTo(List.copyOf(sinks.keySet())));
  }

  private static void configure(
      FlagSink sink,
      SinkRegistry registry,
      Function<String, String> env,
      Validation v,
      Map<String, SinkFactory.Configured> sinks) {
    Function<String, String> locate =
        pointer -> {
          String field = pointer.replaceFirst("^/", "").replaceFirst("/.*", "");
          return sink.flagsByField().getOrDefault(field, "sink flags");
        };
    try {
      sinks.put(
          sink.name(),
          registry.configure(
              new SinkSpec(
                  sink.name(),
                  sink.settings().path("type").asText(),
                  sink.settings(),
                  "",
                  locate,
                  env)));
    } catch (InvalidConfigException e) {
      e.problems().forEach(v::add);
    }
  }
}
