package io.stepwise.messaging.inbound;

import io.stepwise.messaging.MalformedMessageException;
import io.stepwise.persistence.InstanceNotFoundException;
import io.stepwise.persistence.StatusConflictException;
import io.stepwise.persistence.TooManyPendingEventsException;
import io.stepwise.runtime.InvalidInputException;
import io.stepwise.runtime.PayloadTooLargeException;
import io.stepwise.runtime.UnknownWorkflowException;

/**
 * The errors that mean "this message will never be processed" (as opposed to "not now"): they
 * send it to the dead-letter topic with their message as the reason, instead of retrying it.
 */
final class Refusals {

  private Refusals() {}

  static boolean isRefusal(Throwable error) {
    return error instanceof UnknownWorkflowException || error instanceof InvalidInputException
        || error instanceof InstanceNotFoundException || error instanceof StatusConflictException
        || error instanceof PayloadTooLargeException || error instanceof TooManyPendingEventsException;
  }

  static MalformedMessageException reason(Throwable error) {
    return new MalformedMessageException(error.getMessage());
  }
}
