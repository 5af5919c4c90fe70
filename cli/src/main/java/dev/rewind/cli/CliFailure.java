package dev.rewind.cli;

/** A failure the command reports in one line on stderr and answers with {@link #exitCode}. */
final class CliFailure extends RuntimeException {
  final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }
}
