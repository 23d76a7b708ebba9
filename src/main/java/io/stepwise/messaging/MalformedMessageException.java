package io.stepwise.messaging;

/**
 * A Kafka message that can never be processed: it goes to the dead-letter topic with this reason.
 */
public class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message) {
    super(message);
  }
}
