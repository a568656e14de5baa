package dev.kew.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's liveness checks (restart me if they fail) and readiness checks (do not count on me
 * yet), as served on {@code /healthz} and {@code /readyz}.
 */
public final class Health {

  private final Map<String, HealthCheck> liveness = new LinkedHashMap<>();
  private final Map<String, HealthCheck> readiness = new LinkedHashMap<>();

  /** Adds a check that must pass for the process to be considered alive. */
  public synchronized Health liveness(String name, HealthCheck check) {
    liveness.put(name, check);
    return this;
  }

  /** Adds a check that must pass for the process to be considered ready. */
  public synchronized Health readiness(String name, HealthCheck check) {
    readiness.put(name, check);
    return this;
  }

  /** The problems of the liveness checks, {@code name: problem}; empty when alive. */
  public List<String> livenessProblems() {
    return problems(snapshot(liveness));
  }

  /** The problems of the readiness (and liveness) checks; empty when ready. */
  public List<String> readinessProblems() {
    List<String> problems = new ArrayList<>(livenessProblems());
    problems.addAll(problems(snapshot(readiness)));
    return problems;
  }

  private synchronized Map<String, HealthCheck> snapshot(Map<String, HealthCheck> checks) {
    return new LinkedHashMap<>(checks);
  }

  private static List<String> problems(Map<String, HealthCheck> checks) {
    List<String> problems = new ArrayList<>();
    checks.forEach(
        (name, check) -> {
          try {
            check.problem().ifPresent(problem -> problems.add(name + ": " + problem));
          } catch (RuntimeException e) {
            problems.add(name + ": check failed: " + e);
          }
        });
    return problems;
  }
}
