package io.stepwise.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code helm lint --strict} and {@code helm template}, checked against the Kubernetes schemas. */
class HelmChartTest {

  private static final Path CHART = Path.of("helm/stepwise");
  private static final Path DASHBOARD = Path.of("deploy/grafana/stepwise-dashboard.json");

  @Test
  void theChartLintsStrictly() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void theDefaultRenderingIsAHardenedDeploymentWithProbes() throws Exception {
    List<JsonNode> others = new ArrayList<>();
    List<HasMetadata> resources =
        ManifestChecks.read(
            new Helm(CHART).template().withName("wf").set("database.password", "s3cret").call(),
            others);

    assertThat(resources)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "Secret",
            "Secret",
            "ConfigMap",
            "Service",
            "Deployment",
            "PodDisruptionBudget");
    assertThat(others).isEmpty();
    Deployment deployment = ManifestChecks.one(resources, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("stepwise:0.1.0");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
    ManifestChecks.probesHaveTimeouts(container);
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(
            env(container, "QUARKUS_DATASOURCE_PASSWORD")
                .getValueFrom()
                .getSecretKeyRef()
                .getName())
        .isEqualTo("wf-stepwise-db");
    ConfigMap config = ManifestChecks.one(resources, ConfigMap.class);
    assertThat(config.getData())
        .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://postgres:5432/stepwise")
        .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/stepwise")
        .containsEntry("STEPWISE_KAFKA_PARTITIONS", "8");
    assertThat(secret(resources, "wf-stepwise-db").getData()).containsKey("password");
    // No API key given: the chart generated an operate key, which the pod reads from its Secret.
    String generated =
        new String(
            Base64.getDecoder()
                .decode(secret(resources, "wf-stepwise-api-keys").getData().get("operate-keys")),
            StandardCharsets.UTF_8);
    assertThat(generated).hasSize(40).isAlphanumeric();
    assertThat(
            env(container, "STEPWISE_AUTH_KEYS_OPERATE").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("wf-stepwise-api-keys");
    assertThat(
            env(container, "STEPWISE_AUTH_KEYS_READ")
                .getValueFrom()
                .getSecretKeyRef()
                .getOptional())
        .isTrue();
    assertThat(
            ManifestChecks.one(resources, PodDisruptionBudget.class)
                .getSpec()
                .getMinAvailable()
                .getIntVal())
        .isEqualTo(1);
  }

  @Test
  void otherValuesRenderAutoscalingMonitoringSaslAndTls() throws Exception {
    List<JsonNode> others = new ArrayList<>();
    List<HasMetadata> resources =
        ManifestChecks.read(
            new Helm(CHART)
                .template()
                .withName("wf")
                .set("image.tag", "1.2.3")
                .set("database.existingSecret", "cnpg-app")
                .set("kafka.securityProtocol", "SASL_SSL")
                .set("kafka.saslMechanism", "SCRAM-SHA-512")
                .set("kafka.saslSecret", "kafka-user")
                .set("kafka.truststoreSecret", "kafka-cluster-ca-cert")
                .set("kafka.partitions", 6)
                .set("autoscaling.enabled", true)
                .set("autoscaling.maxReplicas", 12)
                .set("serviceMonitor.enabled", true)
                .set("podDisruptionBudget.enabled", false)
                .set("tracing.enabled", true)
                .set("auth.existingSecret", "stepwise-keys")
                .set("steps.inFlight", 16)
                .set("steps.cacheMaxSteps", 2000000)
                .call(),
            others);

    assertThat(resources)
        .extracting(HasMetadata::getKind)
        .doesNotContain("Secret", "PodDisruptionBudget");
    HorizontalPodAutoscaler hpa = ManifestChecks.one(resources, HorizontalPodAutoscaler.class);
    assertThat(hpa.getSpec().getMaxReplicas()).as("no more replicas than partitions").isEqualTo(6);
    Deployment deployment = ManifestChecks.one(resources, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("stepwise:1.2.3");
    assertThat(
            env(container, "QUARKUS_DATASOURCE_PASSWORD")
                .getValueFrom()
                .getSecretKeyRef()
                .getName())
        .isEqualTo("cnpg-app");
    assertThat(env(container, "KAFKA_SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("kafka-user");
    assertThat(env(container, "KAFKA_SSL_TRUSTSTORE_LOCATION").getValue()).endsWith("ca.p12");
    assertThat(
            env(container, "STEPWISE_AUTH_KEYS_OPERATE").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("stepwise-keys");
    assertThat(ManifestChecks.one(resources, ConfigMap.class).getData())
        .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
        .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4317")
        .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
        .containsEntry("STEPWISE_STEPS_IN_FLIGHT", "16")
        .containsEntry("STEPWISE_CACHE_MAX_STEPS", "2000000");
    assertThat(others)
        .singleElement()
        .satisfies(
            monitor -> {
              assertThat(monitor.path("kind").asText()).isEqualTo("ServiceMonitor");
              assertThat(monitor.path("spec").path("endpoints").get(0).path("path").asText())
                  .isEqualTo("/q/metrics");
            });
  }

  @Test
  void theGrafanaDashboardIsAConfigMapForTheSidecarWhenAsked() throws Exception {
    List<JsonNode> others = new ArrayList<>();
    List<HasMetadata> resources =
        ManifestChecks.read(
            new Helm(CHART).template().withName("wf").set("grafana.dashboard.enabled", true).call(),
            others);

    ConfigMap dashboard =
        resources.stream()
            .filter(
                r ->
                    r instanceof ConfigMap
                        && r.getMetadata().getName().equals("wf-stepwise-grafana-dashboard"))
            .map(ConfigMap.class::cast)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no dashboard ConfigMap"));
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    String json = dashboard.getData().get("stepwise-dashboard.json");
    assertThat(new ObjectMapper().readTree(json))
        .isEqualTo(new ObjectMapper().readTree(DASHBOARD.toFile()));
    // off by default: the default rendering has only the service's own ConfigMap
    assertThat(
            ManifestChecks.read(
                new Helm(CHART).template().withName("wf").call(), new ArrayList<>()))
        .filteredOn(r -> r instanceof ConfigMap)
        .hasSize(1);
  }

  /** One source of truth: deploy/grafana holds the chart's dashboard, byte for byte. */
  @Test
  void theDeployedDashboardIsTheChartsOwn() throws Exception {
    assertThat(Files.readAllBytes(DASHBOARD))
        .as(
            "%s must be a copy of %s",
            DASHBOARD, CHART.resolve("dashboards/stepwise-dashboard.json"))
        .isEqualTo(Files.readAllBytes(CHART.resolve("dashboards/stepwise-dashboard.json")));
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    JsonNode variable = dashboard.path("templating").path("list").get(0);
    assertThat(variable.path("name").asText()).isEqualTo("datasource");
    assertThat(variable.path("type").asText()).isEqualTo("datasource");
    assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    // every query goes to the chosen data source, none to one that exists only on the author's
    // Grafana
    assertThat(dashboard.findValues("datasource"))
        .allSatisfy(
            ds -> {
              if (ds.isObject()) {
                assertThat(ds.path("uid").asText()).isEqualTo("${datasource}");
              }
            });
  }

  @Test
  void badValuesAreRefusedByTheSchema() {
    assertThatThrownBy(
            () -> new Helm(CHART).template().set("kafka.securityProtocol", "CARRIER_PIGEON").call())
        .hasMessageContaining("securityProtocol");
    assertThatThrownBy(() -> new Helm(CHART).template().set("replicaCount", -1).call())
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(
            () -> new Helm(CHART).template().set("database.hostPortDatabase", "not a url").call())
        .hasMessageContaining("hostPortDatabase");
  }

  private static Secret secret(List<HasMetadata> resources, String name) {
    return resources.stream()
        .filter(r -> r instanceof Secret && r.getMetadata().getName().equals(name))
        .map(Secret.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Secret " + name));
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name));
  }
}
