package io.stepwise.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.stepwise.errors.DuplicateInstanceException;
import io.stepwise.errors.InstanceNotFoundException;
import io.stepwise.errors.InvalidInputException;
import io.stepwise.errors.PayloadTooLargeException;
import io.stepwise.errors.StatusConflictException;
import io.stepwise.errors.TooManyPendingEventsException;
import io.stepwise.errors.UnknownWorkflowException;
import io.stepwise.operations.Outages;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error into a JSON body that names the problem, with the right status. */
public class ErrorMappers {

  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  @ServerExceptionMapper
  public Response api(ApiException e) {
    return answer(e.status(), e.code(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response unknownWorkflow(UnknownWorkflowException e) {
    return answer(404, "workflow_not_found", e.getMessage());
  }

  @ServerExceptionMapper
  public Response duplicate(DuplicateInstanceException e) {
    return answer(409, "instance_exists", e.getMessage());
  }

  @ServerExceptionMapper
  public Response invalid(InvalidInputException e) {
    return answer(400, "invalid_request", e.getMessage());
  }

  @ServerExceptionMapper
  public Response instanceNotFound(InstanceNotFoundException e) {
    return answer(404, "instance_not_found", e.getMessage());
  }

  @ServerExceptionMapper
  public Response conflict(StatusConflictException e) {
    return answer(409, "status_conflict", e.getMessage());
  }

  @ServerExceptionMapper
  public Response tooManyEvents(TooManyPendingEventsException e) {
    return answer(429, "too_many_pending_events", e.getMessage());
  }

  @ServerExceptionMapper
  public Response tooLarge(PayloadTooLargeException e) {
    return answer(413, "payload_too_large", e.getMessage());
  }

  @ServerExceptionMapper
  public Response unauthenticated(UnauthorizedException e) {
    return challenge("a valid API key is required: send 'Authorization: Bearer <API key>'");
  }

  @ServerExceptionMapper
  public Response badCredentials(AuthenticationFailedException e) {
    return challenge(e.getMessage());
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return answer(403, "forbidden", "this API key may not do this: it needs the 'operate' role");
  }

  private static Response challenge(String message) {
    return Response.fromResponse(answer(401, "unauthorized", message))
        .header("WWW-Authenticate", "Bearer realm=\"stepwise\"")
        .build();
  }

  /** A chunked body went over the limit: the rest of it is unread, so the connection closes. */
  @ServerExceptionMapper
  public Response bodyTooLarge(RequestBodyTooLargeException e) {
    return Response.fromResponse(answer(413, "payload_too_large", e.getMessage()))
        .header("Connection", "close")
        .build();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    String code =
        switch (status) {
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 406 -> "not_acceptable";
          case 413 -> "payload_too_large";
          case 415 -> "unsupported_media_type";
          default -> status < 500 ? "invalid_request" : "internal_error";
        };
    return answer(status, code, e.getMessage());
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 100)
  public Response unexpected(Exception e) {
    if (Outages.databaseUnavailable(e)) {
      // nothing was committed (a transaction that cannot reach the database commits nothing)
      LOG.warnf("STEPWISE-100 the database is unavailable, answered 503: %s", e.toString());
      return unavailable(
          "database_unavailable", "the database is unavailable now; try again later");
    }
    LOG.error("STEPWISE-050 unexpected error answering a request", e);
    return answer(500, "internal_error", "internal error: " + e.getClass().getSimpleName());
  }

  /** Seconds a client is asked to wait before it tries again after a 503. */
  static final int RETRY_AFTER_SECONDS = 5;

  static Response unavailable(String code, String message) {
    return Response.fromResponse(answer(503, code, message))
        .header("Retry-After", RETRY_AFTER_SECONDS)
        .build();
  }

  static Response answer(int status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(ErrorBody.of(code, message))
        .build();
  }
}
