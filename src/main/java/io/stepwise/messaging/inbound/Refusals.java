package io.stepwise.messaging.inbound;

import io.stepwise.errors.InstanceNotFoundException;
import io.stepwise.errors.InvalidInputException;
import io.stepwise.errors.PayloadTooLargeException;
import io.stepwise.errors.StatusConflictException;
import io.stepwise.errors.TooManyPendingEventsException;
import io.stepwise.errors.UnknownWorkflowException;
import io.stepwise.messaging.MalformedMessageException;

/**
 * The errors that mean "this message will never be processed" (as opposed to "not now"): they send
 * it to the dead-letter topic with their message as the reason, instead of retrying it.
 */
final class Refusals {

  private Refusals() {}

  static boolean isRefusal(Throwable error) {
    return error instanceof UnknownWorkflowException
        || error instanceof InvalidInputException
        || error instanceof InstanceNotFoundException
        || error instanceof StatusConflictException
        || error instanceof PayloadTooLargeException
        || error instanceof TooManyPendingEventsException;
  }

  static MalformedMessageException reason(Throwable error) {
    return new MalformedMessageException(error.getMessage());
  }
}
