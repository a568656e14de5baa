package dev.kew.consumer.sink;

/**
 * Where an event's record is on the topic: the history service names a change by it ({@code
 * #/change/<partition>-<offset>}).
 */
public record RecordRef(int partition, long offset) {
  public RecordRef {
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "partition and offset are not negative: " + partition + "-" + offset);
    }
  }
}
