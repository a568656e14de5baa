package dev.kew.deploy;

import dev.kew.consumer.cli.ConsumerCommand;
import dev.kew.history.cli.ServeCommand;
import dev.kew.producer.cli.ProducerCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The environment variables an app reads: the {@code ${env:NAME}} defaults of its picocli options,
 * taken from the command's own {@link CommandSpec}, plus the {@code ${NAME}} variables of the
 * logback.xml packaged with it.
 */
record AppEnvironment(String app, Set<String> variables) {

  private static final Pattern PICOCLI_ENV = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");
  private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

  static AppEnvironment producer() {
    return of("watcher-producer", new ProducerCommand());
  }

  static AppEnvironment consumer() {
    return of("event-consumer", new ConsumerCommand());
  }

  static AppEnvironment history() {
    return of("event-history", new ServeCommand());
  }

  private static AppEnvironment of(String app, Object command) {
    CommandSpec spec = new CommandLine(command).getCommandSpec();
    spec.interpolateVariables(false); // the raw "${env:KEW_...}" text, not its value here
    Set<String> variables = new TreeSet<>();
    for (ArgSpec arg : spec.args()) {
      if (arg.defaultValue() != null) {
        Matcher m = PICOCLI_ENV.matcher(arg.defaultValue());
        while (m.find()) {
          variables.add(m.group(1));
        }
      }
    }
    Matcher m = LOGBACK_VARIABLE.matcher(logbackXml(command.getClass()));
    while (m.find()) {
      variables.add(m.group(1));
    }
    return new AppEnvironment(app, Set.copyOf(variables));
  }

  /** The logback.xml of the jar (or classes folder) the command class comes from. */
  private static String logbackXml(Class<?> commandClass) {
    try {
      Path location =
          Path.of(commandClass.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        return Files.readString(location.resolve("logback.xml"));
      }
      try (JarFile jar = new JarFile(location.toFile());
          InputStream in = jar.getInputStream(jar.getEntry("logback.xml"))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
