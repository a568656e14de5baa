package dev.kew.bench.history;

import java.util.Arrays;

/** Times a query many times and reports its 99th percentile, after an unrecorded warm-up. */
final class P99 {

  /** One question asked; its answer is ignored. */
  interface Query {
    Object run() throws Exception;
  }

  private P99() {}

  /** p99 in milliseconds of {@code count} runs, after {@code count / 10} unrecorded ones. */
  static double of(int count, Query query) throws Exception {
    for (int i = 0; i < Math.max(1, count / 10); i++) {
      query.run();
    }
    double[] millis = new double[count];
    for (int i = 0; i < count; i++) {
      long t = System.nanoTime();
      query.run();
      millis[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(millis);
    return millis[(int) Math.ceil(count * 0.99) - 1];
  }
}
