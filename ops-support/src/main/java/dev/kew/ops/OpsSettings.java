package dev.kew.ops;

/**
 * @param metricsPort port of the metrics and probe endpoints; 0 any free port; -1 none
 * @param logFormat how to write log lines
 */
public record OpsSettings(int metricsPort, LogFormat logFormat) {

  /** Whether the metrics and probe endpoints are served at all. */
  public boolean serveEndpoints() {
    return metricsPort >= 0;
  }
}
