package io.stepwise.httpclient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Stepwise's REST API for any JVM program, with nothing but the JDK's HTTP client and Jackson (no
 * Quarkus): create instances (and wait for their output), read and list them, send events, pause,
 * resume, terminate and restart. The command line ({@code bin/stepwise}) is built on it.
 *
 * <pre>{@code
 * StepwiseHttpClient stepwise = StepwiseHttpClient.connect("http://stepwise:8080").withApiKey(key);
 * Instance done = stepwise.createAndWait("order", "o-1", Map.of("orderId", "o-1", "cents", 500),
 *     Duration.ofSeconds(30));
 * String parcel = done.output(String.class);
 * }</pre>
 *
 * <p>An error answer throws {@link StepwiseApiException} (its HTTP status and error code); no
 * answer at all throws {@link StepwiseUnreachableException}. Instances of this class are immutable
 * and safe to share between threads.
 */
public final class StepwiseHttpClient {

  /** The header that names an event, so that a retried send stores it once. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final String baseUrl;
  private final String apiKey;
  private final Duration timeout;

  private StepwiseHttpClient(HttpClient http, String baseUrl, String apiKey, Duration timeout) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.timeout = timeout;
  }

  /** A client of the service at {@code baseUrl}, e.g. {@code http://localhost:8080}. */
  public static StepwiseHttpClient connect(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    // a malformed address is refused now, not at the first call
    URI uri;
    try {
      uri = URI.create(base);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a URL: '" + baseUrl + "' (e.g. http://localhost:8080)", e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "not an http(s) URL: '" + baseUrl + "' (e.g. http://localhost:8080)");
    }
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL) // e.g. a proxy that sends http to https
            .build();
    return new StepwiseHttpClient(http, base, null, DEFAULT_TIMEOUT);
  }

  /** The same client, sending {@code Authorization: Bearer <apiKey>} (a read or operate key). */
  public StepwiseHttpClient withApiKey(String apiKey) {
    return new StepwiseHttpClient(
        http, baseUrl, apiKey == null || apiKey.isBlank() ? null : apiKey.strip(), timeout);
  }

  /** The same client, giving up on an answer after {@code timeout} (30 s unless set). */
  public StepwiseHttpClient withTimeout(Duration timeout) {
    return new StepwiseHttpClient(http, baseUrl, apiKey, timeout);
  }

  public String baseUrl() {
    return baseUrl;
  }

  // ---- Workflows ----

  /** Every workflow the service runs, with its instance counts by status. */
  public JsonNode workflows() {
    return getJson(path());
  }

  /** One workflow, with its instance counts by status. */
  public JsonNode workflow(String workflow) {
    return getJson(path(workflow));
  }

  // ---- Creating instances ----

  /**
   * Creates and starts an instance. {@code id} may be null (the service picks a UUID); {@code
   * params} is any object Jackson writes as JSON (a {@link JsonNode} is sent as it is), or null.
   * Answers the id and status.
   */
  public Instance create(String workflow, String id, Object params) {
    return Instance.of(
        postJson(path(workflow, "instances"), createBody(id, params), timeout), workflow);
  }

  /**
   * Creates an instance and waits up to {@code wait} for it to end: the instance with its output
   * (or error) when it ended in time, else as it is then ({@link Instance#ended()} false). The
   * service waits at most 5 minutes.
   */
  public Instance createAndWait(String workflow, String id, Object params, Duration wait) {
    String path = path(workflow, "instances") + query(Map.of("wait", wait.toMillis() + "ms"));
    return Instance.of(postJson(path, createBody(id, params), wait.plus(timeout)), workflow);
  }

  private static ObjectNode createBody(String id, Object params) {
    ObjectNode body = JSON.createObjectNode();
    if (id != null) {
      body.put("id", id);
    }
    if (params != null) {
      body.set("params", JSON.valueToTree(params));
    }
    return body;
  }

  // ---- Reading instances ----

  /** One instance with its step timeline; the id {@code latest} names the newest instance. */
  public Instance get(String workflow, String id) {
    return Instance.of(getJson(path(workflow, "instances", id)), workflow);
  }

  /**
   * Waits up to {@code wait} (at most 5 minutes) for the instance to end (a long poll), then
   * answers it as it is.
   */
  public Instance await(String workflow, String id, Duration wait) {
    String path = path(workflow, "instances", id) + query(Map.of("wait", wait.toMillis() + "ms"));
    return Instance.of(send(request(path, wait.plus(timeout)).GET()), workflow);
  }

  /**
   * One page of instances, newest first (or oldest first), optionally of one status; {@code cursor}
   * is the previous page's {@link InstancePage#nextCursor()}, or null.
   */
  public InstancePage list(
      String workflow, String status, int limit, String cursor, boolean oldestFirst) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("status", status);
    params.put("limit", limit);
    params.put("cursor", cursor);
    params.put("order", oldestFirst ? "oldest" : "newest");
    return InstancePage.of(Instance.required(getJson(path(workflow, "instances") + query(params))));
  }

  // ---- Changing instances ----

  /** Sends an event to an instance; {@code payload} is any object Jackson writes, or null. */
  public void sendEvent(String workflow, String id, String type, Object payload) {
    postJson(path(workflow, "instances", id, "events", type), JSON.valueToTree(payload), timeout);
  }

  /**
   * Sends an event named {@code eventId}, so that sending it again (a retry after a timeout) stores
   * it once. Answers false when the instance had stored it already.
   */
  public boolean sendEvent(
      String workflow, String id, String type, Object payload, String eventId) {
    JsonNode answer =
        postJson(
            path(workflow, "instances", id, "events", type),
            JSON.valueToTree(payload),
            timeout,
            eventId == null ? Map.of() : Map.of(IDEMPOTENCY_KEY, eventId));
    return answer == null || !answer.path("duplicate").asBoolean();
  }

  /** Pauses an instance (at once, or after its running step); answers its new status. */
  public Instance pause(String workflow, String id) {
    return changeStatus(workflow, id, Map.of("status", "pause"));
  }

  public Instance resume(String workflow, String id) {
    return changeStatus(workflow, id, Map.of("status", "resume"));
  }

  /** Terminates an instance; with {@code rollback} its compensations run first. */
  public Instance terminate(String workflow, String id, boolean rollback) {
    return changeStatus(workflow, id, Map.of("status", "terminate", "rollback", rollback));
  }

  /** Runs an instance again from the start. */
  public Instance restart(String workflow, String id) {
    return changeStatus(workflow, id, Map.of("status", "restart"));
  }

  /**
   * Runs an instance again from a step (the {@code count}th of that name); earlier steps keep their
   * results.
   */
  public Instance restartFrom(String workflow, String id, String stepName, int count) {
    return changeStatus(
        workflow,
        id,
        Map.of("status", "restart", "from", Map.of("name", stepName, "count", count)));
  }

  /** Deletes one ended instance. */
  public void delete(String workflow, String id) {
    deleteJson(path(workflow, "instances", id));
  }

  /** Deletes ended instances; answers the ids deleted. */
  public List<String> delete(String workflow, List<String> ids) {
    JsonNode deleted = deleteJson(path(workflow, "instances") + query(Map.of("id", ids)));
    List<String> result = new ArrayList<>();
    Instance.required(deleted).path("deleted").forEach(id -> result.add(id.asText()));
    return result;
  }

  private Instance changeStatus(String workflow, String id, Object change) {
    return Instance.of(patchJson(path(workflow, "instances", id, "status"), change), workflow);
  }

  // ---- Any call, for callers that want the JSON as it is (the command line) ----

  /** GET of a path of the API ({@code /api/...}), answering its JSON (null for an empty body). */
  public JsonNode getJson(String path) {
    return send(request(path, timeout).GET());
  }

  /**
   * POST of {@code body} (a String is sent as it is, as JSON text; any other object as Jackson
   * writes it).
   */
  public JsonNode postJson(String path, Object body, Duration answerWithin) {
    return postJson(path, body, answerWithin, Map.of());
  }

  /** A POST with extra request headers. */
  public JsonNode postJson(
      String path, Object body, Duration answerWithin, Map<String, String> headers) {
    HttpRequest.Builder request = request(path, answerWithin).POST(body(body));
    headers.forEach(request::header);
    return send(request);
  }

  public JsonNode patchJson(String path, Object body) {
    return send(request(path, timeout).method("PATCH", body(body)));
  }

  public JsonNode deleteJson(String path) {
    return send(request(path, timeout).DELETE());
  }

  /** {@code /api/workflows/<segments...>}, each segment escaped. */
  public static String path(String... segments) {
    StringBuilder path = new StringBuilder("/api/workflows");
    for (String segment : segments) {
      path.append('/').append(encode(segment));
    }
    return path.toString();
  }

  /**
   * A query string from name/value pairs; null values are left out, list values repeat the name.
   */
  public static String query(Map<String, ?> params) {
    String query =
        params.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .flatMap(
                e ->
                    (e.getValue() instanceof List<?> values ? values : List.of(e.getValue()))
                        .stream().map(v -> encode(e.getKey()) + "=" + encode(String.valueOf(v))))
            .collect(Collectors.joining("&"));
    return query.isEmpty() ? "" : "?" + query;
  }

  private HttpRequest.Builder request(String path, Duration answerWithin) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(answerWithin)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json");
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return request;
  }

  private static HttpRequest.BodyPublisher body(Object body) {
    try {
      String text = body instanceof String string ? string : JSON.writeValueAsString(body);
      return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot write the request as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new StepwiseUnreachableException(
          "cannot reach Stepwise at " + baseUrl + " (is it running?)", e);
    } catch (IOException e) {
      throw new StepwiseUnreachableException(
          built.method() + " " + built.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepwiseUnreachableException(
          built.method() + " " + built.uri() + " was interrupted", e);
    }
    JsonNode body = parseAnswer(response.body());
    if (response.statusCode() >= 400) {
      throw StepwiseApiException.of(response.statusCode(), body, response.body());
    }
    return body;
  }

  private static JsonNode parseAnswer(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
