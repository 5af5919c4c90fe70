package dev.rewind.api;

import dev.rewind.catalog.StartupProblem;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link StartupProblem} into Boot's "APPLICATION FAILED TO START" report: one message, no
 * stack trace, because the operator needs the file and key at fault, not our call chain.
 */
public class StartupProblemAnalyzer extends AbstractFailureAnalyzer<StartupProblem> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, StartupProblem cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
