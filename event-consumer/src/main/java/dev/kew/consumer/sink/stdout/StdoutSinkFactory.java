package dev.kew.consumer.sink.stdout;

import dev.kew.consumer.output.OutputFormat;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkSpec;

/** {@code type: stdout}, settings {@code format: pretty|sentence|json} (default pretty). */
public final class StdoutSinkFactory implements SinkFactory {

  /** The stdout sink's settings. */
  record Settings(String format) {}

  @Override
  public String type() {
    return "stdout";
  }

  @Override
  public Configured configure(SinkSpec spec) {
    Settings settings = spec.bind(Settings.class);
    String name = settings.format() == null ? "pretty" : settings.format();
    OutputFormat format =
        OutputFormat.parse(name)
            .orElseThrow(() -> spec.problem("format", "must be one of " + OutputFormat.names()));
    return new Configured(
        spec.policy(false), context -> new StdoutSink(context.stdout(), format.newFormatter()));
  }
}
