package dev.kew.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kew.history.api.HistoryServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes exactly the routes the server has. */
class OpenApiDocumentTest {

  @Test
  void everyRouteOfTheServerIsDocumentedAndNothingElse() throws Exception {
    JsonNode document;
    try (InputStream in = HistoryServer.class.getResourceAsStream("/openapi.yaml")) {
      document = new YAMLMapper().readTree(in);
    }
    String source =
        Files.readString(Path.of("src/main/java/dev/kew/history/api/HistoryServer.java"));
    List<String> routes = new ArrayList<>();
    Matcher m = Pattern.compile("config\\.routes\\.(?:get|sse)\\(\\s*\"([^\"]+)\"").matcher(source);
    while (m.find()) {
      routes.add(m.group(1));
    }
    routes.add(HistoryServer.OPENAPI_PATH);
    List<String> documented = new ArrayList<>();
    document.path("paths").fieldNames().forEachRemaining(documented::add);

    assertThat(document.path("openapi").asText()).startsWith("3.");
    assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
  }
}
