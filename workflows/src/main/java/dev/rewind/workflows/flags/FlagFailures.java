package dev.rewind.workflows.flags;

/** Stable failure types of {@code feature-flag}'s permanent errors. */
public final class FlagFailures {
  /** The provider has no flag of that name (in that project and environment). */
  public static final String FLAG_NOT_FOUND = "FlagNotFound";

  /** Read back after the write, a flag holds another value: someone or something changed it. */
  public static final String FLAG_MISMATCH = "FlagMismatch";

  /** The provider refused the request (bad token, forbidden, a write that touched no row). */
  public static final String PROVIDER_REJECTED = "FlagProviderRejected";

  private FlagFailures() {}
}
