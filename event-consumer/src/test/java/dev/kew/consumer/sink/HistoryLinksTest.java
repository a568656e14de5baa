package dev.kew.consumer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HistoryLinksTest {

  @Test
  void aChangePageIsNamedByPartitionAndOffsetUnderTheBaseUrl() {
    assertThat(
            new HistoryLinks(URI.create("https://h.example/kew//")).change(new RecordRef(3, 1234)))
        .isEqualTo("https://h.example/kew/#/change/3-1234");
    assertThat(new HistoryLinks(URI.create("http://h.example:8080")).change(new RecordRef(0, 0)))
        .isEqualTo("http://h.example:8080/#/change/0-0");
  }

  @Test
  void anObjectPageCarriesItsUidPercentEncoded() {
    assertThat(new HistoryLinks(URI.create("http://h.example")).object("a b&c|d>e\n#"))
        .isEqualTo("http://h.example/#/object?uid=a%20b%26c%7Cd%3Ee%0A%23");
  }

  @Test
  void onlyHttpUrlsWithAHostAreAccepted() {
    assertThatThrownBy(() -> new HistoryLinks(URI.create("javascript:alert(1)")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HistoryLinks(URI.create("file:///etc/passwd")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
