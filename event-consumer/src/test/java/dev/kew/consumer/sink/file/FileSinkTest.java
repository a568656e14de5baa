package dev.kew.consumer.sink.file;

import static dev.kew.consumer.Events.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.consumer.sink.Delivery;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {

  @TempDir Path dir;

  @Test
  void linesRotateBySizeKeepingOnlyTheNewestFiles() throws Exception {
    Path path = dir.resolve("logs/events.jsonl");
    List<ChangeEvent> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      events.add(deployment(EventType.ADDED, "shop", "app-%02d".formatted(i), "%03d".formatted(i)));
    }
    long lineSize =
        (EventCodec.toJson(events.get(0)) + "\n").getBytes(StandardCharsets.UTF_8).length;
    FileSink sink = new FileSink(path, lineSize * 5 + 10, 2); // 5 lines of equal size per file

    for (ChangeEvent event : events) {
      assertThat(sink.deliver(event)).isEqualTo(Delivery.DELIVERED);
    }
    sink.close();

    try (Stream<Path> files = Files.list(path.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("events.jsonl", "events.jsonl.1", "events.jsonl.2");
    }
    assertThat(names(path)).containsExactly("app-35", "app-36", "app-37", "app-38", "app-39");
    assertThat(names(dir.resolve("logs/events.jsonl.1")))
        .containsExactly("app-30", "app-31", "app-32", "app-33", "app-34");
    assertThat(names(dir.resolve("logs/events.jsonl.2"))).first().isEqualTo("app-25");
    assertThat(Files.size(path)).isLessThanOrEqualTo(lineSize * 5 + 10);
  }

  @Test
  void aReopenedFileIsAppendedTo() throws Exception {
    Path path = dir.resolve("events.jsonl");
    FileSink first = new FileSink(path, 1 << 20, 1);
    first.deliver(deployment(EventType.ADDED, "shop", "a", "1"));
    first.close();
    FileSink second = new FileSink(path, 1 << 20, 1);
    second.deliver(deployment(EventType.ADDED, "shop", "b", "2"));
    second.flush();

    assertThat(names(path)).containsExactly("a", "b");
  }

  private static List<String> names(Path file) throws Exception {
    return Files.readAllLines(file).stream()
        .map(line -> EventCodec.fromBytes(line.getBytes(StandardCharsets.UTF_8)).name())
        .toList();
  }
}
