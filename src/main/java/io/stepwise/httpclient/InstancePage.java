package io.stepwise.httpclient;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a workflow's instances (without their steps); {@code nextCursor} asks for the next
 * page, null on the last one.
 */
public record InstancePage(List<Instance> instances, String nextCursor, JsonNode json) {

  static InstancePage of(JsonNode json) {
    List<Instance> instances = new ArrayList<>();
    json.path("instances").forEach(instance -> instances.add(Instance.of(instance, null)));
    JsonNode cursor = json.get("nextCursor");
    return new InstancePage(
        List.copyOf(instances), cursor == null || cursor.isNull() ? null : cursor.asText(), json);
  }
}
