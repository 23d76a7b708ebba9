package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.rest.ErrorBody;
import io.stepwise.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at /q/openapi describes the whole REST API: every JAX-RS endpoint of {@code
 * io.stepwise.rest} (found by reflection, so a new endpoint without a description fails here), the
 * error body every error answer carries, and the API-key scheme.
 */
@QuarkusTest
class OpenApiTest {

  /** One endpoint as JAX-RS declares it, and whether it needs the operate role. */
  record Endpoint(String method, String path, boolean operates) {}

  private JsonNode document;

  @BeforeEach
  void fetch() throws Exception {
    String json =
        given()
            .accept("application/json")
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    document = new ObjectMapper().readTree(json);
  }

  @Test
  void everyEndpointOfTheRestPackageIsDescribed() throws Exception {
    List<Endpoint> endpoints = endpoints();
    // a guard against a scan that found nothing, which would make this test pass vacuously
    assertThat(endpoints)
        .extracting(Endpoint::path)
        .contains(
            "/api/workflows",
            "/api/instances",
            "/api/workflows/{workflow}/instances/{id}/subscribe");
    for (Endpoint endpoint : endpoints) {
      JsonNode operation =
          document.path("paths").path(endpoint.path()).path(endpoint.method().toLowerCase());
      assertThat(operation.isObject())
          .as("%s %s in /q/openapi", endpoint.method(), endpoint.path())
          .isTrue();
      assertThat(operation.path("summary").asText())
          .as("summary of %s %s", endpoint.method(), endpoint.path())
          .isNotBlank();
      assertThat(operation.path("security").get(0).has("apiKey"))
          .as("apiKey required by %s %s", endpoint.method(), endpoint.path())
          .isTrue();
      assertThat(operation.path("responses").has("401"))
          .as("401 of %s %s", endpoint.method(), endpoint.path())
          .isTrue();
      if (endpoint.operates()) {
        assertThat(operation.path("responses").has("403"))
            .as("403 of %s %s", endpoint.method(), endpoint.path())
            .isTrue();
      }
    }
  }

  @Test
  void everyErrorResponseCarriesTheErrorBody() {
    JsonNode error = document.path("components").path("schemas").path("Error");
    assertThat(propertyNames(error)).containsExactlyElementsOf(recordComponents(ErrorBody.class));
    assertThat(propertyNames(error.path("properties").path("error")))
        .containsExactlyElementsOf(recordComponents(ErrorBody.Detail.class));

    int errorResponses = 0;
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        for (Map.Entry<String, JsonNode> response : op.getValue().path("responses").properties()) {
          if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
            errorResponses++;
            assertThat(schemaRef(resolve(response.getValue())))
                .as("%s %s answers %s", op.getKey(), path.getKey(), response.getKey())
                .isEqualTo("#/components/schemas/Error");
          }
        }
      }
    }
    assertThat(errorResponses).isGreaterThan(20);
  }

  @Test
  void theApiKeySchemeIsABearerToken() {
    JsonNode scheme = document.path("components").path("securitySchemes").path("apiKey");
    // security.ApiKeyMechanism reads 'Authorization: Bearer <key>'
    assertThat(scheme.path("type").asText()).isEqualTo("http");
    assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
    assertThat(document.path("info").path("title").asText()).isEqualTo("Stepwise API");
    assertThat(document.path("info").path("version").asText()).isNotBlank();
    assertThat(document.path("info").path("description").asText()).contains("Bearer");
  }

  @Test
  void swaggerUiIsServed() {
    given()
        .get("/q/swagger-ui/")
        .then()
        .statusCode(200)
        .contentType(org.hamcrest.Matchers.containsString("text/html"));
  }

  /**
   * The (method, path) of every resource method in io.stepwise.rest, from its JAX-RS annotations.
   */
  static List<Endpoint> endpoints() throws Exception {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Class<?> type : restClasses()) {
      Path classPath = type.getAnnotation(Path.class);
      if (classPath == null) {
        continue;
      }
      for (Method method : type.getDeclaredMethods()) {
        Optional<String> http = httpMethod(method);
        if (http.isEmpty()) {
          continue;
        }
        Path methodPath = method.getAnnotation(Path.class);
        String path = join(classPath.value(), methodPath == null ? "" : methodPath.value());
        RolesAllowed roles =
            Optional.ofNullable(method.getAnnotation(RolesAllowed.class))
                .orElse(type.getAnnotation(RolesAllowed.class));
        boolean operates = roles != null && Arrays.asList(roles.value()).contains(Roles.OPERATE);
        endpoints.add(new Endpoint(http.get(), path, operates));
      }
    }
    return endpoints;
  }

  /**
   * The top-level classes of io.stepwise.rest, read from the directory (or jar) it was loaded from.
   */
  private static List<Class<?>> restClasses() throws Exception {
    java.nio.file.Path location =
        java.nio.file.Path.of(
            ErrorBody.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String pkg = ErrorBody.class.getPackageName();
    try (FileSystem jar =
            location.toString().endsWith(".jar") ? FileSystems.newFileSystem(location) : null;
        Stream<java.nio.file.Path> files =
            Files.list(
                jar == null
                    ? location.resolve(pkg.replace('.', '/'))
                    : jar.getPath(pkg.replace('.', '/')))) {
      List<Class<?>> classes = new ArrayList<>();
      for (String file :
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".class") && !f.contains("$"))
              .toList()) {
        classes.add(
            Class.forName(
                pkg + "." + file.substring(0, file.length() - ".class".length()),
                false,
                OpenApiTest.class.getClassLoader()));
      }
      return classes;
    }
  }

  private static Optional<String> httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return Optional.of(http.value());
      }
    }
    return Optional.empty();
  }

  /**
   * "/api/workflows" + "{workflow}/instances" → "/api/workflows/{workflow}/instances"; drops {id:
   * regex} patterns.
   */
  private static String join(String classPath, String methodPath) {
    String joined = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/");
    joined = joined.replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}");
    return joined.length() > 1 && joined.endsWith("/")
        ? joined.substring(0, joined.length() - 1)
        : joined;
  }

  /** A response as written, or the component response it refers to. */
  private JsonNode resolve(JsonNode response) {
    String ref = response.path("$ref").asText("");
    return ref.isEmpty()
        ? response
        : document
            .path("components")
            .path("responses")
            .path(ref.substring(ref.lastIndexOf('/') + 1));
  }

  private static String schemaRef(JsonNode response) {
    return response
        .path("content")
        .path("application/json")
        .path("schema")
        .path("$ref")
        .asText(null);
  }

  private static List<String> propertyNames(JsonNode schema) {
    List<String> names = new ArrayList<>();
    schema.path("properties").fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> recordComponents(Class<?> record) {
    return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
  }
}
