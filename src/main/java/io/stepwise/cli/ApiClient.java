package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.httpclient.StepwiseApiException;
import io.stepwise.httpclient.StepwiseHttpClient;
import io.stepwise.httpclient.StepwiseUnreachableException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The service's REST API as the command line uses it: the plain Java client ({@link
 * StepwiseHttpClient}), with its failures turned into {@link CliException}s (one line, an exit
 * code).
 */
final class ApiClient {

  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private final StepwiseHttpClient client;

  ApiClient(String baseUrl, String apiKey) {
    try {
      this.client = StepwiseHttpClient.connect(baseUrl).withApiKey(apiKey);
    } catch (IllegalArgumentException e) {
      throw new CliException(CliException.USAGE, "--url or STEPWISE_URL is " + e.getMessage());
    }
  }

  static String path(String... segments) {
    return StepwiseHttpClient.path(segments);
  }

  static String query(Map<String, ?> params) {
    return StepwiseHttpClient.query(params);
  }

  static Map<String, Object> params(Object... nameValues) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      params.put((String) nameValues[i], nameValues[i + 1]);
    }
    return params;
  }

  JsonNode get(String path) {
    return call(() -> client.getJson(path));
  }

  JsonNode post(String path, Object body) {
    return post(path, body, Duration.ofSeconds(30));
  }

  /** A POST the service may take up to {@code answerWithin} to answer (a create-and-wait). */
  JsonNode post(String path, Object body, Duration answerWithin) {
    return call(() -> client.postJson(path, body, answerWithin));
  }

  /** A POST with extra request headers. */
  JsonNode post(String path, Object body, Map<String, String> headers) {
    return call(() -> client.postJson(path, body, Duration.ofSeconds(30), headers));
  }

  JsonNode patch(String path, Object body) {
    return call(() -> client.patchJson(path, body));
  }

  JsonNode delete(String path) {
    return call(() -> client.deleteJson(path));
  }

  private JsonNode call(Supplier<JsonNode> request) {
    try {
      return request.get();
    } catch (StepwiseApiException e) {
      throw CliException.fromResponse(e.status(), e.code(), e.detail());
    } catch (StepwiseUnreachableException e) {
      throw new CliException(
          CliException.UNREACHABLE,
          e.getCause() instanceof ConnectException
              ? "cannot reach Stepwise at "
                  + client.baseUrl()
                  + " (is it running? set --url or STEPWISE_URL)"
              : e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CliException(CliException.USAGE, "cannot write the request: " + e.getMessage());
    }
  }
}
