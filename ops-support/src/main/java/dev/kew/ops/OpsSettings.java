package dev.kew.ops;

/**
 * @param metricsPort port of the metrics and probe endpoints; 0 any free port; -1 none
 * @param metricsAddress the address they listen on: {@code 127.0.0.1} outside a pod, all interfaces
 *     ({@code 0.0.0.0}) in one, unless configured
 * @param logFormat how to write log lines
 */
public record OpsSettings(int metricsPort, String metricsAddress, LogFormat logFormat) {

  /** Whether the metrics and probe endpoints are served at all. */
  public boolean serveEndpoints() {
    return metricsPort >= 0;
  }
}
