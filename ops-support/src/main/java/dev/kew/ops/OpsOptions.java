package dev.kew.ops;

import dev.kew.cli.Validation;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The operations flags every app shares: where to serve metrics and probes, how to log. In a pod
 * (env {@code KUBERNETES_SERVICE_HOST} set) the endpoints default to port {@value #POD_PORT} on all
 * interfaces, as the chart and the images expect; elsewhere to any free port on {@code 127.0.0.1},
 * so several apps run side by side on one machine without colliding or listening on the network.
 */
public final class OpsOptions {

  /** The metrics port in a pod, in the images and in the Helm chart. */
  public static final int POD_PORT = 8080;

  static final String AUTO = "auto";
  static final String LOOPBACK = "127.0.0.1";
  static final String ALL_INTERFACES = "0.0.0.0";

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "${env:KEW_METRICS_PORT:-auto}",
      description =
          "Port of /metrics, /healthz and /readyz; 0 any free port (printed at start), -1 none;"
              + " auto: "
              + POD_PORT
              + " in a pod, else any free port (env KEW_METRICS_PORT, default: ${DEFAULT-VALUE}).")
  String metricsPort;

  @Option(
      names = "--metrics-address",
      paramLabel = "ADDRESS",
      defaultValue = "${env:KEW_METRICS_ADDRESS:-auto}",
      description =
          "Address the metrics port listens on; auto: all interfaces in a pod, else 127.0.0.1"
              + " (env KEW_METRICS_ADDRESS, default: ${DEFAULT-VALUE}).")
  String metricsAddress;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "${env:KEW_LOG_FORMAT:-text}",
      description = "Log lines as text or json (env KEW_LOG_FORMAT, default: ${DEFAULT-VALUE}).")
  String logFormat;

  /** Like {@link #toSettings(Validation, Function)} with the process environment. */
  public OpsSettings toSettings(Validation validation) {
    return toSettings(validation, System::getenv);
  }

  /**
   * The validated settings; each invalid option adds a sentence to {@code validation}.
   *
   * @param env the environment, which tells whether the app runs in a pod
   */
  public OpsSettings toSettings(Validation validation, Function<String, String> env) {
    boolean inPod = env.apply("KUBERNETES_SERVICE_HOST") != null;
    String portText = metricsPort.trim();
    int port = -1;
    if (portText.equalsIgnoreCase(AUTO)) {
      port = inPod ? POD_PORT : 0;
    } else {
      try {
        port = Integer.parseInt(portText);
        if (port < -1 || port > 65535) {
          validation.add(
              "--metrics-port (env KEW_METRICS_PORT) must be a port from 0 to 65535, -1 for none"
                  + " or auto; was "
                  + metricsPort);
        }
      } catch (NumberFormatException e) {
        validation.add(
            "--metrics-port (env KEW_METRICS_PORT) must be a number or auto, was '"
                + metricsPort
                + "'");
      }
    }
    String address = metricsAddress.trim();
    if (address.equalsIgnoreCase(AUTO)) {
      address = inPod ? ALL_INTERFACES : LOOPBACK;
    } else if (!address.matches("[0-9A-Za-z.:\\[\\]-]{1,253}")) {
      validation.add(
          "--metrics-address (env KEW_METRICS_ADDRESS) must be an IP address or host name, was '"
              + PrintableText.cut(metricsAddress, 80)
              + "'");
    }
    LogFormat format = LogFormat.TEXT;
    try {
      format = LogFormat.valueOf(logFormat.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      validation.add(
          "--log-format (env KEW_LOG_FORMAT) must be text or json, was '" + logFormat + "'");
    }
    return new OpsSettings(port, address, format);
  }
}
