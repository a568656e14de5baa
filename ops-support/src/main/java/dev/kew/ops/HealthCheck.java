package dev.kew.ops;

import java.util.Optional;

/**
 * One named condition of an app's health: empty when fine, else a short sentence on what is wrong.
 */
@FunctionalInterface
public interface HealthCheck {
  Optional<String> problem();
}
