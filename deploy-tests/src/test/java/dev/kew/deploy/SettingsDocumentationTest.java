package dev.kew.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.consumer.cli.ConsumerCommand;
import dev.kew.producer.cli.ProducerCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Each setting is described once: a flag in its picocli description, a chart value in its {@code
 * values.yaml} comment. The tables of README.md and of the chart's README are generated from those,
 * and the committed files must be what the generator writes now. After changing a description or a
 * value, regenerate them with:
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl deploy-tests -am verify -Dtest=SettingsDocumentationTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dkew.docs.update=true
 * </pre>
 */
class SettingsDocumentationTest {

  private static final String REGENERATE =
      "the generated tables are stale; regenerate them with ./mvnw -B -ntp -q -pl deploy-tests -am"
          + " verify -Dtest=SettingsDocumentationTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dkew.docs.update=true";

  private final CommandSpec producer = uninterpolated(new ProducerCommand());
  private final CommandSpec consumer = uninterpolated(new ConsumerCommand());

  @Test
  void readmeFlagTablesAreThePicocliModelsOfBothApps() throws IOException {
    Set<Class<?>> shared = mixinClasses(producer);
    shared.retainAll(mixinClasses(consumer));

    String expected = read("README.md");
    for (var section :
        Map.of(
                "shared-options", optionsOf(producer, shared, true),
                "producer-options", optionsOf(producer, shared, false),
                "consumer-options", optionsOf(consumer, shared, false))
            .entrySet()) {
      String table = OptionsTable.render(OptionsTable.rows(section.getValue()));
      expected = new GeneratedSection(section.getKey()).replaceIn(expected, table);
    }

    checkOrUpdate("README.md", expected);
  }

  @Test
  void chartValueTablesAreTheValuesYamlComments() throws IOException {
    Path chart = HelmChart.directory();
    String expected =
        new GeneratedSection("values")
            .replaceIn(
                Files.readString(chart.resolve("README.md")),
                ValuesTables.render(Files.readString(chart.resolve("values.yaml"))));

    checkOrUpdate(Project.directory().relativize(chart.resolve("README.md")).toString(), expected);
  }

  @Test
  void everyFlagNamesItsEnvVarInItsHelp() {
    assertThat(OptionsTable.envNotDescribed(producer.options())).isEmpty();
    assertThat(OptionsTable.envNotDescribed(consumer.options())).isEmpty();
  }

  /** The command's model as written in its annotations, not resolved against this machine. */
  private static CommandSpec uninterpolated(Object command) {
    CommandSpec spec = new CommandLine(command).getCommandSpec();
    spec.interpolateVariables(false);
    return spec;
  }

  private static Set<Class<?>> mixinClasses(CommandSpec spec) {
    return spec.mixins().values().stream()
        .map(mixin -> mixin.userObject().getClass())
        .collect(Collectors.toSet());
  }

  /** The options of {@code spec} that come from a {@code shared} mixin, or the others. */
  private static List<OptionSpec> optionsOf(
      CommandSpec spec, Set<Class<?>> shared, boolean fromShared) {
    Set<String> sharedNames =
        spec.mixins().values().stream()
            .filter(mixin -> shared.contains(mixin.userObject().getClass()))
            .flatMap(mixin -> mixin.options().stream())
            .map(OptionSpec::longestName)
            .collect(Collectors.toSet());
    return spec.options().stream()
        .filter(option -> sharedNames.contains(option.longestName()) == fromShared)
        .toList();
  }

  private static String read(String file) throws IOException {
    return Files.readString(Project.directory().resolve(file));
  }

  /** Writes the file with {@code -Dkew.docs.update=true}; otherwise asserts it is up to date. */
  private static void checkOrUpdate(String file, String expected) throws IOException {
    Path path = Project.directory().resolve(file);
    if (Boolean.getBoolean("kew.docs.update")) {
      Files.writeString(path, expected);
      return;
    }
    assertThat(Files.readString(path).lines().toList())
        .as(file + ": " + REGENERATE)
        .containsExactlyElementsOf(expected.lines().toList());
  }
}
