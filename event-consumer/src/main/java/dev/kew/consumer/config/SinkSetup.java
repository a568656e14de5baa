package dev.kew.consumer.config;

import dev.kew.consumer.route.RouteTable;
import dev.kew.consumer.sink.SinkFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated sinks, by name in configuration order, and the routes between them.
 *
 * @param sinks validated sinks, ready to open
 * @param routes which events go to which sinks
 */
public record SinkSetup(Map<String, SinkFactory.Configured> sinks, RouteTable routes) {

  public SinkSetup {
    sinks = Collections.unmodifiableMap(new LinkedHashMap<>(sinks));
  }

  @Override
  public String toString() {
    return "SinkSetup[sinks=" + sinks.keySet() + ", routes=" + routes.routes().size() + "]";
  }
}
