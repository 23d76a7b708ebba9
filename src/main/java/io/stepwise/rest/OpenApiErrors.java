package io.stepwise.rest;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document ({@code /q/openapi}) with what annotations would repeat on every
 * operation: the error body ({@link ErrorBody}, described once as the {@code Error} schema and the
 * error responses that carry it), the API-key scheme of {@code security.ApiKeyMechanism}, and on
 * every {@code /api} operation that scheme plus the 401 and 500 every call may answer. The
 * resources name their other error responses by reference ({@code ref = "NotFound"}).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiErrors implements OASFilter {

  /** The name of the security scheme, as the operations' requirements name it. */
  public static final String API_KEY = "apiKey";

  /** The name of the error body's schema. */
  public static final String ERROR_SCHEMA = "Error";

  /** The shared error responses: component name → status and when it is answered. */
  private static final Map<String, Map.Entry<String, String>> RESPONSES = new LinkedHashMap<>();

  static {
    RESPONSES.put(
        "BadRequest",
        Map.entry(
            "400",
            "invalid_request: a malformed body, parameter or id, or params that do not fit the workflow (the message names the field)"));
    RESPONSES.put(
        "Unauthorized",
        Map.entry(
            "401",
            "unauthorized: no API key, or one that is not valid (with WWW-Authenticate: Bearer)"));
    RESPONSES.put("Forbidden", Map.entry("403", "forbidden: a read key may not operate"));
    RESPONSES.put("NotFound", Map.entry("404", "workflow_not_found or instance_not_found"));
    RESPONSES.put(
        "Conflict",
        Map.entry(
            "409",
            "instance_exists (the id is taken) or status_conflict (the change does not fit the instance's status)"));
    RESPONSES.put(
        "PayloadTooLarge",
        Map.entry(
            "413",
            "payload_too_large: params or a payload over 1 MiB of JSON, or a body over 2 MiB"));
    RESPONSES.put(
        "TooManyPendingEvents",
        Map.entry(
            "429",
            "too_many_pending_events: the instance holds stepwise.events.max-pending events no step has consumed"));
    RESPONSES.put(
        "InternalError",
        Map.entry("500", "internal_error: the service failed (see its log, STEPWISE-050)"));
    RESPONSES.put(
        "Unavailable",
        Map.entry(
            "503",
            "database_unavailable: the database refuses or drops connections; try again after"
                + " Retry-After seconds (a create with its id, or an event with its Idempotency-Key,"
                + " is safe to repeat)"));
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    Components components = openAPI.getComponents();
    components.addSchema(ERROR_SCHEMA, errorSchema());
    RESPONSES.forEach(
        (name, response) -> components.addResponse(name, errorResponse(response.getValue())));
    components.addSecurityScheme(
        API_KEY,
        OASFactory.createSecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .description(
                "An API key as 'Authorization: Bearer <key>'. Read keys (STEPWISE_AUTH_KEYS_READ) list, get and"
                    + " subscribe; operate keys (STEPWISE_AUTH_KEYS_OPERATE) also create, change and delete. Not needed"
                    + " where stepwise.auth.enabled=false (dev mode, tests, the embedded local default)."));
    if (openAPI.getPaths() == null) {
      return;
    }
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) -> {
              if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(OpenApiErrors::secure);
              }
            });
  }

  /**
   * Every API call needs a key and may fail inside the service. An error response without a body
   * (as Quarkus adds 401 and 403 to operations with {@code @RolesAllowed}) refers to the shared
   * response of its status, so every error response describes the error body.
   */
  private static void secure(Operation operation) {
    operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(API_KEY)));
    if (operation.getResponses() == null) {
      operation.setResponses(OASFactory.createAPIResponses());
    }
    var responses = operation.getResponses();
    RESPONSES.forEach(
        (name, response) -> {
          String status = response.getKey();
          APIResponse declared = responses.getAPIResponse(status);
          boolean everyCall =
              name.equals("Unauthorized")
                  || name.equals("InternalError")
                  || name.equals("Unavailable");
          if ((declared == null && everyCall)
              || (declared != null && declared.getRef() == null && declared.getContent() == null)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(name));
          }
        });
  }

  /** {@link ErrorBody}: {@code {"error": {"code", "message"}}}. */
  private static Schema errorSchema() {
    Schema detail =
        OASFactory.createSchema()
            .addType(Schema.SchemaType.OBJECT)
            .addProperty(
                "code",
                OASFactory.createSchema()
                    .addType(Schema.SchemaType.STRING)
                    .description(
                        "A stable code for programs, e.g. workflow_not_found, invalid_request, status_conflict"))
            .addProperty(
                "message",
                OASFactory.createSchema()
                    .addType(Schema.SchemaType.STRING)
                    .description("What went wrong, for people; names the field or value at fault"))
            .required(List.of("code", "message"));
    return OASFactory.createSchema()
        .addType(Schema.SchemaType.OBJECT)
        .description("The body of every error answer, with the matching HTTP status")
        .addProperty("error", detail)
        .required(List.of("error"));
  }

  private static APIResponse errorResponse(String description) {
    Content json =
        OASFactory.createContent()
            .addMediaType(
                "application/json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ERROR_SCHEMA)));
    return OASFactory.createAPIResponse().description(description).content(json);
  }
}
