package dev.rewind.api.ledger;

import java.time.Instant;

/** Something a person did to a rollback (requested, approved, abort, retry, resolve). */
public record Action(String action, String identity, String detail, Instant at) {}
