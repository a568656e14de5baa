package dev.kew.consumer.cli;

import dev.kew.consumer.sink.SinkOptions;
import dev.kew.consumer.sink.SinkRegistry;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Mixes the flags of every registered sink type into the command, where this mixin stands, in the
 * order the sinks are registered, so that a sink adds flags without touching the command.
 */
final class SinkOptionsMixin {

  final List<SinkOptions> sinks = SinkRegistry.options();

  /** Picocli calls this while it builds this mixin's model, before the command adds the mixin. */
  @Spec
  void addEachSinksOptions(CommandSpec self) {
    for (SinkOptions options : sinks) {
      self.addMixin(options.getClass().getSimpleName(), CommandSpec.forAnnotatedObject(options));
    }
  }
}
