package dev.kew.producer.redact;

import dev.kew.producer.paths.PathRule;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What to redact besides a Secret's values (which are always redacted).
 *
 * @param envNames glob patterns ({@code *PASSWORD*}, case-insensitive) of container env var names
 *     whose {@code value} is redacted, in every kind (Pods, Deployments, CRDs with an {@code env}
 *     list of {@code name}/{@code value} pairs)
 * @param paths paths whose value is redacted, for every kind or one kind
 */
public record RedactionRules(List<String> envNames, List<PathRule> paths) {

  /**
   * Env names redacted unless configured otherwise, as {@code --redact-env-names} writes them (the
   * flag's default is this text).
   */
  public static final String DEFAULT_ENV_NAMES = "*PASSWORD*,*TOKEN*,*SECRET*,*KEY*";

  /** The defaults: {@link #DEFAULT_ENV_NAMES}, no extra paths. */
  public static final RedactionRules DEFAULTS =
      new RedactionRules(List.of(DEFAULT_ENV_NAMES.split(",")), List.of());

  public RedactionRules {
    envNames = List.copyOf(envNames);
    paths = List.copyOf(paths);
    envNames.forEach(RedactionRules::glob);
  }

  /**
   * The regular expression of a glob: {@code *} any characters, {@code ?} one, case-insensitive.
   *
   * @throws IllegalArgumentException when the pattern has characters other than letters, digits,
   *     {@code _ - . * ?}
   */
  public static Pattern glob(String pattern) {
    if (!pattern.matches("[A-Za-z0-9_.*?-]+")) {
      throw new IllegalArgumentException(
          "'" + pattern + "' is not an env name pattern such as *PASSWORD*");
    }
    String regex =
        pattern.toUpperCase(Locale.ROOT).replace(".", "\\.").replace("*", ".*").replace("?", ".");
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
  }
}
