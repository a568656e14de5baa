package dev.kew.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** One line about the machine a run measured: cores, CPU model, RAM, JDK. */
final class Machine {

  private Machine() {}

  static String describe() {
    return String.format(
        Locale.ROOT,
        "Machine: %d cores (%s), %s RAM, %s %s",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        memory(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }

  private static String memory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return (os.getTotalMemorySize() >> 30) + " GiB";
    }
    return "unknown";
  }
}
