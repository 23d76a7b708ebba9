package io.stepwise.rest;

import io.stepwise.engine.InstanceStatus;

/** The query parameters every list of instances takes, read with the same messages everywhere. */
final class ListParams {

  static final int MAX_PAGE = 100;

  private ListParams() {}

  /** A status filter by its wire name; absent or empty filters nothing. */
  static InstanceStatus status(String status) {
    return status == null || status.isEmpty()
        ? null
        : InstanceStatus.fromWireName(status)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "unknown status '"
                            + status
                            + "': one of queued, running, paused, waiting, waitingForPause, "
                            + "errored, terminated, complete"));
  }

  static int limit(String limit) {
    try {
      int value = Integer.parseInt(limit);
      if (value >= 1 && value <= MAX_PAGE) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw ApiException.badRequest(
        "limit must be a whole number from 1 to " + MAX_PAGE + ", was '" + limit + "'");
  }
}
