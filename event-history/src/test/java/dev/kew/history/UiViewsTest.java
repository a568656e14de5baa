package dev.kew.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.model.FieldManager;
import dev.kew.testing.SharedKafka;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The web UI's views in a real browser, over the scenario's history (one partition, so each event's
 * ref is {@code 0-<its position>}) plus an image change of shop/nginx and a hostile ConfigMap.
 */
class UiViewsTest {

  static final String NGINX = "11111111-0000-4000-8000-000000000005";
  static final String HOSTILE_NAME = "<img src=x onerror=window.kewPwned=1>";
  static final String NGINX_IMAGE_CHANGE = "0-9";
  static final String HOSTILE_CHANGE = "0-10";
  static final String SCENARIO_RANGE = "from=2026-11-25T09:55:00Z&to=2026-11-25T11:05:00Z";

  @TempDir static Path dir;
  static HistoryApp app;
  static UiBrowser browser;

  @BeforeAll
  static void start() {
    String topic = SharedKafka.createTopic("history-ui", 1);
    List<ChangeEvent> events = new ArrayList<>(Scenario.events());
    events.add(
        ChangeEvent.of(
            EventType.ADDED,
            "prod",
            Scenario.minutes(50),
            Scenario.deployment("nginx", NGINX, "30", 1, "nginx:1.27", "front")));
    events.add(
        ChangeEvent.of(
                EventType.MODIFIED,
                "prod",
                Scenario.minutes(51),
                Scenario.deployment("nginx", NGINX, "31", 1, "nginx:1.28", "front"))
            .withPatch(
                Scenario.patch(
                    "/spec/template/spec/containers/0/image", "nginx:1.28", "nginx:1.27"))
            .withChangedBy(
                List.of(new FieldManager("kubectl-set", "Update", null, Scenario.minutes(51)))));
    events.add(ChangeEvent.of(EventType.ADDED, "prod", Scenario.minutes(55), hostileConfigMap()));
    HistoryFixture.write(topic, events);
    app = HistoryFixture.start(topic, dir.resolve("index"));
    browser = UiBrowser.open(app.port());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (app != null) {
      app.close();
    }
  }

  static ObjectNode hostileConfigMap() {
    ObjectNode object = EventCodec.mapper().createObjectNode();
    object.put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", HOSTILE_NAME).put("namespace", "hostile");
    metadata.put("uid", "11111111-0000-4000-8000-000000000006").put("resourceVersion", "40");
    metadata
        .putObject("annotations")
        .put("note", "first line\nsecond \u001b[31mred</pre><script>window.kewPwned=2</script>");
    object.putObject("data").put("html", "<b onmouseover=window.kewPwned=3>bold</b>");
    return object;
  }

  @Test
  void timelineHasOneMarkPerChangeColouredByTypeAndAMarkOpensItsChange() {
    browser.load("#/timeline?" + SCENARIO_RANGE);
    String web = "g.row[data-uid='" + Scenario.WEB + "'] rect.mark";

    await().atMost(15, TimeUnit.SECONDS).until(() -> browser.all(web).size() == 4);
    List<String> types = browser.all(web).stream().map(m -> m.getAttribute("class")).toList();
    assertThat(types)
        .containsExactly("mark added", "mark modified", "mark modified", "mark deleted");
    assertThat(browser.find("g.row[data-uid='" + Scenario.WEB + "']").getAttribute("data-changes"))
        .isEqualTo("4");
    assertThat(browser.all("#histogram rect.bar")).isNotEmpty();
    assertThat(browser.text("#timeline-legend"))
        .as("the colours' legend")
        .isEqualTo("ADDED MODIFIED DELETED");
    browser.screenshot("timeline");

    browser.all(web).get(1).click();
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> browser.driver().getCurrentUrl().endsWith("#/change/0-3"));
    assertThat(browser.text("#change-diff")).contains("spec.replicas").contains("2").contains("5");
  }

  @Test
  void zoomButtonsNarrowTheRangeInTheUrl() {
    browser.load("#/timeline?" + SCENARIO_RANGE);
    browser.find("g.row");

    browser.find("#zoom-in").click();

    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () -> browser.driver().getCurrentUrl().contains("from=2026-11-25T10%3A12%3A30.000Z"));
    assertThat(browser.driver().getCurrentUrl()).contains("to=2026-11-25T10%3A47%3A30.000Z");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> browser.text("#timeline-summary").contains("objects changed"));
  }

  @Test
  void draggingAcrossTheTimelineZoomsToTheRangeSelected() {
    browser.load("#/timeline?" + SCENARIO_RANGE);
    WebElement rows = browser.find("#timeline-rows");
    browser.find("g.row");

    // From the middle of the top row (the hostile ConfigMap: its only mark is at 10:55) rightwards.
    new Actions(browser.driver())
        .moveToElement(rows, -150, 7 - rows.getSize().getHeight() / 2)
        .clickAndHold()
        .moveByOffset(200, 0)
        .release()
        .perform();

    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> browser.driver().getCurrentUrl().contains("from=2026-11-25T"));
    String url = URLDecoder.decode(browser.driver().getCurrentUrl(), StandardCharsets.UTF_8);
    Instant from = Instant.parse(url.replaceAll(".*from=([^&]+).*", "$1"));
    Instant to = Instant.parse(url.replaceAll(".*to=([^&]+).*", "$1"));
    assertThat(from).isAfter(Instant.parse("2026-11-25T09:55:00Z"));
    assertThat(to).isBefore(Instant.parse("2026-11-25T11:05:00Z")).isAfter(from);
    assertThat(Duration.between(from, to)).isLessThan(Duration.ofMinutes(35));
  }

  @Test
  void changePageShowsTheOldAndNewImageSideBySideWithWhoChangedIt() {
    browser.load("#/change/" + NGINX_IMAGE_CHANGE);

    WebElement row = browser.find("#change-diff tbody tr");
    assertThat(row.findElement(By.cssSelector("td.path")).getText())
        .isEqualTo("spec.template.spec.containers.0.image");
    assertThat(row.findElement(By.cssSelector("td.old")).getText()).isEqualTo("nginx:1.27");
    assertThat(row.findElement(By.cssSelector("td.new")).getText()).isEqualTo("nginx:1.28");
    assertThat(browser.text("#change-by")).contains("kubectl-set").contains("Update");
    assertThat(browser.text("#change-yaml")).contains("image: nginx:1.28").contains("name: nginx");
    browser.screenshot("change");
  }

  @Test
  void changeWithoutChangedByShowsUnknown() {
    browser.load("#/change/0-0");

    assertThat(browser.text("#change-by")).isEqualTo("Manager Operation Subresource Time\nunknown");
    assertThat(browser.text("#change-diff")).contains("Created");
  }

  @Test
  void timeTravelShowsADeletedObjectAsItWasAndComparesTwoMoments() {
    browser.load("#/travel?namespace=shop&at=2026-11-25T10:25:00Z");

    WebElement web = browser.find("details[data-uid='" + Scenario.WEB + "']");
    assertThat(web.getAttribute("class")).contains("deleted-since");
    web.findElement(By.tagName("summary")).click();
    assertThat(web.findElement(By.cssSelector("pre")).getText())
        .contains("replicas: 5")
        .contains("image: web:1.5");
    assertThat(browser.all("details[data-uid='" + Scenario.WEB_AGAIN + "']")).isEmpty();
    browser.screenshot("travel");

    browser.load("#/travel?namespace=shop&at=2026-11-25T10:25:00Z&to=2026-11-25T10:45:00Z");
    assertThat(browser.text("#travel-removed")).contains("Deployment shop/web");
    assertThat(browser.text("#travel-added")).contains("Deployment shop/web");
    assertThat(browser.text("#travel-changed")).doesNotContain("shop/db");
  }

  @Test
  void objectPageListsItsChangesLinkingToEach() {
    browser.load("#/object?uid=" + Scenario.WEB);

    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> browser.all("#object-events tbody tr").size() == 4);
    assertThat(browser.all("#object-events a.change-link"))
        .extracting(a -> a.getAttribute("href").replaceAll(".*#", "#"))
        .containsExactly("#/change/0-6", "#/change/0-5", "#/change/0-3", "#/change/0-0");
    assertThat(browser.text("#object-yaml")).startsWith("# deleted; its last state:");

    browser.load("#/object?kind=Deployment&namespace=shop&name=web");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> browser.all("#object-events tbody tr").size() == 5);
    assertThat(browser.text("#object-yaml")).contains("image: web:2.0");
  }

  @Test
  void hostileValuesRenderAsTextAndRunNoScript() {
    browser.load("#/live?namespace=hostile");
    WebElement row = browser.find("#live-events tbody tr");
    assertThat(row.getText()).contains(HOSTILE_NAME);

    browser.load("#/change/" + HOSTILE_CHANGE);
    String yaml = browser.text("#change-yaml");
    assertThat(yaml)
        .contains("name: \"" + HOSTILE_NAME + "\"")
        .contains("first line\\nsecond \\u001b[31mred</pre><script>")
        .contains("<b onmouseover=window.kewPwned=3>bold</b>");
    browser.find("h1").click();

    browser.load("#/timeline?namespace=hostile&" + SCENARIO_RANGE);
    assertThat(browser.text("#timeline-rows g.row")).contains(HOSTILE_NAME);

    assertThat(browser.all("#view img, #view script, #view b")).isEmpty();
    assertThat(browser.script("return typeof window.kewPwned")).isEqualTo("undefined");
  }

  @Test
  void thePageAllowsOnlyItsOwnScripts() {
    var page = HistoryFixture.get(app.port(), "/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\">");
    assertThat(page.body().replace("<script type=\"module\" src=\"/ui/app.js\"></script>", ""))
        .doesNotContain("<script");
  }

  @Test
  void aDeepLinkRestoresTheFiltersAndTheirResults() {
    browser.load("#/live?kind=Deployment&namespace=shop&type=MODIFIED");

    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> browser.all("#live-events tbody tr").size() == 3);
    assertThat(browser.find("#live-filters input[name=kind]").getAttribute("value"))
        .isEqualTo("Deployment");
    assertThat(browser.find("#live-filters input[name=namespace]").getAttribute("value"))
        .isEqualTo("shop");
    assertThat(browser.find("#live-filters input[name=type]").getAttribute("value"))
        .isEqualTo("MODIFIED");
    assertThat(browser.all("#live-events tbody tr"))
        .allSatisfy(
            tr -> assertThat(tr.getText()).contains("MODIFIED").contains("Deployment shop/"));
    browser.screenshot("live");

    WebElement name = browser.find("#live-filters input[name=name]");
    name.sendKeys("nginx");
    name.submit();
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> browser.driver().getCurrentUrl().contains("name=nginx"));
    browser.driver().navigate().refresh();
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> browser.all("#live-events tbody tr").size() == 1);
    assertThat(browser.find("#live-filters input[name=name]").getAttribute("value"))
        .isEqualTo("nginx");
    assertThat(browser.text("#live-events tbody tr")).contains(NGINX_IMAGE_CHANGE);
  }
}
