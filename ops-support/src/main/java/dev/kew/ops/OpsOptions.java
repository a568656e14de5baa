package dev.kew.ops;

import dev.kew.cli.Validation;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The operations flags every app shares: where to serve metrics and probes, how to log. */
public final class OpsOptions {

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "${env:KEW_METRICS_PORT:-8080}",
      description =
          "Port of /metrics, /healthz and /readyz; -1 turns them off (env KEW_METRICS_PORT, default:"
              + " ${DEFAULT-VALUE}).")
  String metricsPort;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "${env:KEW_LOG_FORMAT:-text}",
      description = "Log lines as text or json (env KEW_LOG_FORMAT, default: ${DEFAULT-VALUE}).")
  String logFormat;

  /** The validated settings; each invalid option adds a sentence to {@code validation}. */
  public OpsSettings toSettings(Validation validation) {
    int port = -1;
    try {
      port = Integer.parseInt(metricsPort.trim());
      if (port < -1 || port > 65535) {
        validation.add(
            "--metrics-port (env KEW_METRICS_PORT) must be a port from 0 to 65535, or -1 for none;"
                + " was "
                + metricsPort);
      }
    } catch (NumberFormatException e) {
      validation.add(
          "--metrics-port (env KEW_METRICS_PORT) must be a number, was '" + metricsPort + "'");
    }
    LogFormat format = LogFormat.TEXT;
    try {
      format = LogFormat.valueOf(logFormat.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      validation.add(
          "--log-format (env KEW_LOG_FORMAT) must be text or json, was '" + logFormat + "'");
    }
    return new OpsSettings(port, format);
  }
}
