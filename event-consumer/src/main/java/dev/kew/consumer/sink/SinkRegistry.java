package dev.kew.consumer.sink;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The sink types available, by name, from {@code META-INF/services}. */
public final class SinkRegistry {

  private final Map<String, SinkFactory> factories;

  private SinkRegistry(Map<String, SinkFactory> factories) {
    this.factories = factories;
  }

  /**
   * The factories on the class path.
   *
   * @throws InvalidConfigException when two factories claim the same type
   */
  public static SinkRegistry load() {
    return of(
        ServiceLoader.load(SinkFactory.class, SinkRegistry.class.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get)
            .toList());
  }

  /**
   * New instances of the command-line options every sink type on the class path contributes, in the
   * order of {@code META-INF/services} (which is the order the help lists them).
   */
  public static List<SinkOptions> options() {
    return ServiceLoader.load(SinkFactory.class, SinkRegistry.class.getClassLoader()).stream()
        .flatMap(provider -> provider.get().options().stream())
        .toList();
  }

  /**
   * A registry of exactly {@code factories}.
   *
   * @throws InvalidConfigException when two factories claim the same type
   */
  public static SinkRegistry of(List<SinkFactory> factories) {
    Map<String, SinkFactory> byType = new TreeMap<>();
    for (SinkFactory factory : factories) {
      SinkFactory other = byType.putIfAbsent(factory.type(), factory);
      if (other != null) {
        throw new InvalidConfigException(
            "two sink types are named '"
                + factory.type()
                + "': "
                + other.getClass().getName()
                + " and "
                + factory.getClass().getName());
      }
    }
    return new SinkRegistry(Map.copyOf(byType));
  }

  /**
   * Validates one sink with the factory of its type.
   *
   * @throws InvalidConfigException for an unknown type or invalid settings
   */
  public SinkFactory.Configured configure(SinkSpec spec) {
    SinkFactory factory = factories.get(spec.type());
    if (factory == null) {
      throw spec.problem("type", "is unknown; known types: " + new TreeMap<>(factories).keySet());
    }
    return factory.configure(spec);
  }

  /** Type names, sorted. */
  public List<String> types() {
    return List.copyOf(new TreeMap<>(factories).keySet());
  }
}
