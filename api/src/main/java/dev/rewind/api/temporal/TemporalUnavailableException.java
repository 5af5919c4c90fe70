package dev.rewind.api.temporal;

/**
 * Temporal could not be reached or refused the call. The API answers 503: nothing was accepted, the
 * client may try again.
 */
public class TemporalUnavailableException extends RuntimeException {
  public TemporalUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
