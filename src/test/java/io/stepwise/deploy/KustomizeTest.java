package io.stepwise.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kustomize output of {@code deploy/k8s}, checked like the chart's. */
class KustomizeTest {

  @Test
  void theProductionOverlayAndTheFullStackRender() throws Exception {
    List<JsonNode> others = new ArrayList<>();
    List<HasMetadata> overlay =
        ManifestChecks.read(kustomize("deploy/k8s/overlays/production"), others);
    Deployment deployment = ManifestChecks.one(overlay, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("stepwise");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/stepwise:0.1.0");
    ManifestChecks.probesHaveTimeouts(
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
    assertThat(ManifestChecks.one(overlay, ConfigMap.class).getData())
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "stepwise-kafka-kafka-bootstrap:9092");

    List<JsonNode> operators = new ArrayList<>();
    ManifestChecks.read(kustomize("deploy/k8s/full-stack"), operators);
    assertThat(operators)
        .extracting(doc -> doc.path("kind").asText())
        .contains("Kafka", "KafkaNodePool", "KafkaTopic", "Cluster");
    assertThat(
            operators.stream()
                .filter(d -> d.path("kind").asText().equals("KafkaTopic"))
                .map(d -> d.path("metadata").path("name").asText()))
        .contains("stepwise.steps", "stepwise.events", "stepwise.timers.1d");
  }

  private static String kustomize(String dir) throws IOException, InterruptedException {
    Process kubectl;
    try {
      kubectl = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
    } catch (IOException noKubectl) {
      assumeTrue(false, "kubectl is not installed");
      throw noKubectl;
    }
    String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(out).isZero();
    return out;
  }
}
