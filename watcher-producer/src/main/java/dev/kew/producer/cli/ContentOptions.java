package dev.kew.producer.cli;

import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.producer.paths.PathRule;
import dev.kew.producer.redact.RedactionRules;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The flags that shape what an event carries (a picocli mixin): paths whose changes alone publish
 * nothing, and what is redacted besides a Secret's values.
 */
final class ContentOptions {

  @Option(
      names = "--ignore-path",
      split = ",",
      paramLabel = "[KIND:]PATH",
      defaultValue = "${env:KEW_IGNORE_PATHS}",
      description =
          "An update that changes only these paths is not published (it is counted), e.g."
              + " status, Pod:status, metadata.annotations.example.com/checksum,"
              + " spec.template.spec.containers.*.resources (* matches any key or index); repeatable,"
              + " or a comma-separated list in the env var. metadata.managedFields,"
              + " metadata.resourceVersion and metadata.generation never count as a change (env"
              + " KEW_IGNORE_PATHS).")
  List<String> ignorePaths = new ArrayList<>();

  @Option(
      names = "--redact-path",
      split = ",",
      paramLabel = "[KIND:]PATH",
      defaultValue = "${env:KEW_REDACT_PATHS}",
      description =
          "Publish the value at this path only as a hash marker, e.g. ConfigMap:data.password,"
              + " spec.template.spec.containers.*.args; repeatable, or a comma-separated list in the"
              + " env var. A Secret's data and stringData are always redacted (env KEW_REDACT_PATHS).")
  List<String> redactPaths = new ArrayList<>();

  @Option(
      names = "--redact-env-names",
      split = ",",
      paramLabel = "PATTERN",
      defaultValue = "${env:KEW_REDACT_ENV_NAMES:-" + RedactionRules.DEFAULT_ENV_NAMES + "}",
      description =
          "Env vars, in any kind (Pods, Deployments, CRDs), whose value is redacted, matched by"
              + " name with * and ? wildcards, ignoring case (env KEW_REDACT_ENV_NAMES, default:"
              + " ${DEFAULT-VALUE}).")
  List<String> redactEnvNames = new ArrayList<>();

  /** The ignored paths; a sentence in {@code v} for each invalid one. */
  List<PathRule> ignorePaths(Validation v) {
    return pathRules(v, ignorePaths, "--ignore-path", "KEW_IGNORE_PATHS");
  }

  /** What to redact; a sentence in {@code v} for each invalid path or pattern. */
  RedactionRules redaction(Validation v) {
    int problemsBefore = v.errors().size();
    List<PathRule> paths = pathRules(v, redactPaths, "--redact-path", "KEW_REDACT_PATHS");
    List<String> envNames = OptionValues.list(redactEnvNames);
    for (String pattern : envNames) {
      try {
        RedactionRules.glob(pattern);
      } catch (IllegalArgumentException e) {
        v.add(
            OptionValues.named("--redact-env-names", "KEW_REDACT_ENV_NAMES")
                + ": "
                + e.getMessage());
      }
    }
    // Stands in for invalid rules until the command reports them and stops.
    return v.errors().size() == problemsBefore
        ? new RedactionRules(envNames, paths)
        : RedactionRules.DEFAULTS;
  }

  private static List<PathRule> pathRules(
      Validation v, List<String> texts, String flag, String env) {
    List<PathRule> rules = new ArrayList<>();
    for (String text : OptionValues.list(texts)) {
      try {
        rules.add(PathRule.parse(text));
      } catch (IllegalArgumentException e) {
        v.add(OptionValues.named(flag, env) + ": " + e.getMessage());
      }
    }
    return List.copyOf(rules);
  }
}
