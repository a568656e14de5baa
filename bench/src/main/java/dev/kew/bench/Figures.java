package dev.kew.bench;

import dev.kew.bench.latency.LatencyRun;
import java.util.Locale;

/**
 * Summarises the figures of repeated runs: their median, a ratio row, and the per-run list a detail
 * shows.
 */
final class Figures {

  static final double RATIO_GOAL = 0.8;

  private Figures() {}

  static double median(double... values) {
    return LatencyRun.median(values);
  }

  /** The values comma-separated, whole numbers from 100 up, two decimals below. */
  static String list(double... values) {
    StringBuilder text = new StringBuilder();
    for (double v : values) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v));
    }
    return text.toString();
  }

  /**
   * Our rate against a baseline's as a ratio; judged against {@link #RATIO_GOAL} when {@code goal},
   * else a contrast without a verdict.
   */
  static Report.Row ratioRow(String item, double ours, double baseline, boolean goal) {
    double ratio = ours / baseline;
    return new Report.Row(
        item,
        goal ? String.format(Locale.ROOT, "ratio >= %.1f", RATIO_GOAL) : "(contrast)",
        String.format(Locale.ROOT, "%.0f vs %.0f events/s = **%.2f**", ours, baseline, ratio),
        goal ? Report.verdict(ratio >= RATIO_GOAL) : "-",
        ratio);
  }
}
