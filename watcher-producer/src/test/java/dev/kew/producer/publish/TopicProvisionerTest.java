package dev.kew.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.testing.SharedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

  private final Map<String, String> client =
      Map.of("bootstrap.servers", SharedKafka.bootstrapServers());
  private final TopicProvisioner provisioner = new TopicProvisioner(client, Duration.ofSeconds(20));
  private final Admin admin = Admin.create(Map.<String, Object>copyOf(client));
  private final String topic = SharedKafka.uniqueTopic("provisioned");

  @AfterEach
  void closeAdmin() {
    admin.close();
  }

  @Test
  void missingTopicIsCreatedWithTheGivenPartitionsAndRetention() throws Exception {
    int partitions = provisioner.ensureTopic(topic, 4, Optional.empty(), Duration.ofHours(2));

    assertThat(partitions).isEqualTo(4);
    assertThat(partitionCount()).isEqualTo(4);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("7200000");
  }

  @Test
  void existingTopicIsUsedAsItIs() throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();

    int partitions = provisioner.ensureTopic(topic, 6, Optional.of((short) 1), Duration.ofDays(7));

    assertThat(partitions).isEqualTo(2);
    assertThat(partitionCount()).isEqualTo(2);
  }

  @Test
  void twoWatchersStartingTogetherBothGetTheTopic() {
    TopicProvisioner other = new TopicProvisioner(client, Duration.ofSeconds(20));

    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(
            () -> provisioner.ensureTopic(topic, 3, Optional.empty(), Duration.ofDays(1)));
    CompletableFuture<Integer> second =
        CompletableFuture.supplyAsync(
            () -> other.ensureTopic(topic, 3, Optional.empty(), Duration.ofDays(1)));

    assertThat(first.join()).isEqualTo(3);
    assertThat(second.join()).isEqualTo(3);
  }

  private int partitionCount() throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .size();
  }
}
