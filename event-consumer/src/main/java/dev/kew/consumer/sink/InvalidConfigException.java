package dev.kew.consumer.sink;

import java.util.List;

/**
 * Sink or route configuration that cannot work; each problem names where it is (a file line or a
 * flag). The command reports them as a usage error (exit code 2).
 */
public class InvalidConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidConfigException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
