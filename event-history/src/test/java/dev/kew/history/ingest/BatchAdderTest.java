package dev.kew.history.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.history.index.EventIndex;
import dev.kew.history.query.EventFilter;
import dev.kew.history.query.HistoryQueries;
import dev.kew.history.query.HistoryQueries.Sequenced;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.ops.Metrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One poll added on two threads reads back in the order of its records, skipping bad ones. */
class BatchAdderTest {

  @TempDir Path dir;

  @Test
  void sequenceNumbersFollowTheRecordsAcrossBothHalvesAndBadRecordsAreSkipped() {
    TopicPartition partition = new TopicPartition("t", 0);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int offset = 0; offset < 300; offset++) {
      byte[] value =
          offset % 50 == 7
              ? "not an envelope".getBytes(StandardCharsets.UTF_8)
              : EventCodec.toBytes(pod(offset));
      records.add(new ConsumerRecord<>("t", 0, offset, null, value));
    }
    try (EventIndex index = EventIndex.open(dir, "t", 16)) {
      IndexerMetrics metrics = new IndexerMetrics(Metrics.newRegistry("test"), index);
      int added;
      try (BatchAdder adder = new BatchAdder(index, metrics)) {
        added = adder.add(new ConsumerRecords<>(Map.of(partition, records), Map.of()));
      }
      index.refresh();

      List<Sequenced> read = new HistoryQueries(index).indexedAfter(EventFilter.ALL, 0, 1000);
      assertThat(added).isEqualTo(294);
      assertThat(metrics.skipped()).isEqualTo(6);
      assertThat(read).hasSize(294);
      assertThat(read).extracting(s -> s.event().offset()).isSorted();
      assertThat(read).extracting(Sequenced::seq).isSorted().doesNotHaveDuplicates();
    }
  }

  private static ChangeEvent pod(int i) {
    var pod = EventCodec.mapper().createObjectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata")
        .put("name", "p" + i)
        .put("namespace", "ns")
        .put("uid", "u" + i)
        .put("resourceVersion", Integer.toString(i + 1));
    return ChangeEvent.of(EventType.ADDED, "c", Instant.parse("2026-12-01T00:00:00Z"), pod);
  }
}
