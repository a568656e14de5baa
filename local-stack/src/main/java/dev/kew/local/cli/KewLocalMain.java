package dev.kew.local.cli;

import dev.kew.cli.Cli;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Entry point of {@code local-stack.jar}: the {@code kew local|kafka|cluster} commands. */
public final class KewLocalMain {

  /** The logback configuration of this jar, named apart so it never configures other apps. */
  static final String LOGBACK_CONFIG = "kew-local-logback.xml";

  private KewLocalMain() {}

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(Cli.run(new KewCommand(), args));
  }
}
