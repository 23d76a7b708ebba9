package io.stepwise.rest;

import jakarta.ws.rs.WebApplicationException;

/**
 * A request body went over the HTTP limit while it was read (a chunked body declares no length).
 */
public class RequestBodyTooLargeException extends WebApplicationException {

  public RequestBodyTooLargeException(long maxBytes) {
    super(BodyLimit.tooLarge(maxBytes), 413);
  }
}
