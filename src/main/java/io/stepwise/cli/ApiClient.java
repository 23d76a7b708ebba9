package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The service's REST API as the command line uses it: JSON in, JSON out, errors as {@link CliException}. */
final class ApiClient {

  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String apiKey;

  ApiClient(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
  }

  /** {@code /api/workflows/<segments...>}, each segment escaped. */
  static String path(String... segments) {
    StringBuilder path = new StringBuilder("/api/workflows");
    for (String segment : segments) {
      path.append('/').append(encode(segment));
    }
    return path.toString();
  }

  /** A query string from name/value pairs; null values are left out, list values repeat the name. */
  static String query(Map<String, ?> params) {
    String query = params.entrySet().stream()
        .filter(e -> e.getValue() != null)
        .flatMap(e -> (e.getValue() instanceof List<?> values ? values : List.of(e.getValue())).stream()
            .map(v -> encode(e.getKey()) + "=" + encode(String.valueOf(v))))
        .collect(Collectors.joining("&"));
    return query.isEmpty() ? "" : "?" + query;
  }

  static Map<String, Object> params(Object... nameValues) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      params.put((String) nameValues[i], nameValues[i + 1]);
    }
    return params;
  }

  JsonNode get(String path) {
    return send(request(path).GET());
  }

  JsonNode post(String path, Object body) {
    return send(request(path).POST(body(body)));
  }

  /** A POST the service may take up to {@code answerWithin} to answer (a create-and-wait). */
  JsonNode post(String path, Object body, Duration answerWithin) {
    return send(request(path).timeout(answerWithin).POST(body(body)));
  }

  JsonNode patch(String path, Object body) {
    return send(request(path).method("PATCH", body(body)));
  }

  JsonNode delete(String path) {
    return send(request(path).DELETE());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json")
        .header("Content-Type", "application/json");
    if (apiKey != null && !apiKey.isBlank()) {
      request.header("Authorization", "Bearer " + apiKey.strip());
    }
    return request;
  }

  private static HttpRequest.BodyPublisher body(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(
          body instanceof String text ? text : JSON.writeValueAsString(body), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(CliException.USAGE, "cannot write the request: " + e.getMessage());
    }
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new CliException(CliException.UNREACHABLE,
          "cannot reach Stepwise at " + baseUrl + " (is it running? set --url or STEPWISE_URL)");
    } catch (IOException e) {
      throw new CliException(CliException.UNREACHABLE, "request to " + built.uri() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(CliException.UNREACHABLE, "interrupted");
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() >= 400) {
      throw CliException.fromResponse(response.statusCode(), body, response.body());
    }
    return body;
  }

  private static JsonNode parse(String body) {
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
