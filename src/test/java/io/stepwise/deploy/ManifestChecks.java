package io.stepwise.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered manifests into Kubernetes' own model classes (fabric8), which follow the API
 * schemas: a wrong type fails to read, and a field the schema does not have is reported (the
 * classes keep unknown fields aside, and this looks for them everywhere).
 */
final class ManifestChecks {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Deployment", Deployment.class,
          "Service", Service.class,
          "ConfigMap", ConfigMap.class,
          "Secret", Secret.class,
          "ServiceAccount", ServiceAccount.class,
          "PodDisruptionBudget", PodDisruptionBudget.class,
          "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

  private ManifestChecks() {}

  /** Every document of a multi-document YAML stream, typed when its kind is a core kind. */
  static List<HasMetadata> read(String yaml, List<JsonNode> others) throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    ObjectReader reader = YAML.readerFor(JsonNode.class);
    try (var docs = reader.readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = (JsonNode) docs.next();
        if (doc == null || doc.isNull() || doc.isEmpty()) {
          continue;
        }
        Class<? extends HasMetadata> type = KINDS.get(doc.path("kind").asText());
        if (type == null) {
          others.add(doc);
          continue;
        }
        HasMetadata resource = YAML.treeToValue(doc, type);
        List<String> unknown = new ArrayList<>();
        findUnknownFields(resource, doc.path("kind").asText(), unknown);
        assertThat(unknown).as("fields the Kubernetes schema does not have").isEmpty();
        resources.add(resource);
      }
    }
    return resources;
  }

  static <T extends HasMetadata> T one(List<HasMetadata> resources, Class<T> type) {
    List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  /** Walks the model objects and collects the unknown fields Jackson put aside. */
  private static void findUnknownFields(Object node, String path, List<String> unknown) {
    if (node == null
        || node instanceof String
        || node instanceof Number
        || node instanceof Boolean) {
      return;
    }
    if (node instanceof Collection<?> items) {
      items.forEach(item -> findUnknownFields(item, path + "[]", unknown));
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> findUnknownFields(v, path + "." + k, unknown));
      return;
    }
    if (!node.getClass().getPackageName().startsWith("io.fabric8")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      try {
        Object value = getter.invoke(node);
        if (getter.getName().equals("getAdditionalProperties")) {
          ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
        } else if (!(value instanceof Class<?>)) {
          findUnknownFields(value, path + "." + getter.getName().substring(3), unknown);
        }
      } catch (ReflectiveOperationException | ClassCastException ignored) {
        // not a bean property
      }
    }
  }

  /**
   * Every probe sets its timeout deliberately: Kubernetes' default of 1 s is shorter than the
   * readiness check (the broker and the database) may take.
   */
  static void probesHaveTimeouts(Container container) {
    for (Probe probe :
        List.of(
            container.getStartupProbe(),
            container.getReadinessProbe(),
            container.getLivenessProbe())) {
      assertThat(probe.getTimeoutSeconds())
          .as("timeoutSeconds of %s", probe.getHttpGet().getPath())
          .isNotNull()
          .isGreaterThan(1);
    }
  }
}
