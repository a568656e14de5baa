package dev.kew.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results of one harness run: a table of goal / measured / verdict, and the details. */
public final class Report {

  /** One line of the results table; {@code value} is the measured figure the verdict is about. */
  public record Row(String item, String goal, String measured, String verdict, double value) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<String> details = new ArrayList<>();

  public synchronized void add(Row row) {
    rows.add(row);
  }

  /** A line under the table: the figures behind a row. */
  public synchronized void detail(String format, Object... args) {
    details.add(String.format(Locale.ROOT, format, args));
  }

  public synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  public synchronized List<String> details() {
    return List.copyOf(details);
  }

  /** "meets" or "MISSES": a figure against its goal. */
  static String verdict(boolean met) {
    return met ? "meets" : "MISSES";
  }

  /** The table and details as Markdown. */
  public synchronized String toMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append("| item | goal | measured | verdict |\n|---|---|---|---|\n");
    for (Row row : rows) {
      md.append("| ")
          .append(row.item())
          .append(" | ")
          .append(row.goal())
          .append(" | ")
          .append(row.measured())
          .append(" | ")
          .append(row.verdict())
          .append(" |\n");
    }
    md.append('\n');
    for (String detail : details) {
      md.append("- ").append(detail).append('\n');
    }
    return md.toString();
  }
}
