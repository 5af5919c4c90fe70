package dev.rewind.api.security;

import java.util.Arrays;
import java.util.Optional;

/** What a token may do. Approvers carry their kind: a DBA approval is not a manager approval. */
public enum Role {
  /** Deploy pipelines: request rollbacks, record deployments. */
  PIPELINE("pipeline"),
  /** On-call operators: abort, retry, resolve. */
  OPERATOR("operator"),
  APPROVER_DBA("approver:dba"),
  APPROVER_MANAGER("approver:manager");

  private final String id;

  Role(String id) {
    this.id = id;
  }

  /** The role as written in the tokens file. */
  public String id() {
    return id;
  }

  public static Optional<Role> fromId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
