package dev.kew.history.cli;

import dev.kew.cli.Validation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The bearer token of the history API, given directly or as a file (a mounted Secret). */
public final class TokenOptions {

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:KEW_HISTORY_TOKEN}",
      description =
          "Bearer token of the history API (env KEW_HISTORY_TOKEN); prefer --token-file or the"
              + " env var, which other users of the machine cannot see.")
  String token;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_HISTORY_TOKEN_FILE}",
      description =
          "File holding the bearer token, e.g. a mounted Secret (env KEW_HISTORY_TOKEN_FILE).")
  Path tokenFile;

  /** The token, or {@code null} for none; each problem adds a sentence to {@code validation}. */
  public String toToken(Validation validation) {
    if (token != null && !token.isBlank() && tokenFile != null) {
      validation.add(
          "--token (env KEW_HISTORY_TOKEN) and --token-file (env KEW_HISTORY_TOKEN_FILE) exclude"
              + " each other");
      return null;
    }
    if (tokenFile != null) {
      try {
        String value = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        validation.check(
            !value.isEmpty(),
            "--token-file (env KEW_HISTORY_TOKEN_FILE): " + tokenFile + " is empty");
        return value.isEmpty() ? null : value;
      } catch (IOException e) {
        validation.add("--token-file (env KEW_HISTORY_TOKEN_FILE): cannot read " + tokenFile);
        return null;
      }
    }
    return token == null || token.isBlank() ? null : token.trim();
  }
}
