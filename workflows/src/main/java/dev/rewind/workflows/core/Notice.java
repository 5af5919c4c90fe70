package dev.rewind.workflows.core;

/**
 * One event of a rollback, as posted to the targets the worker's catalog routes it to: names and
 * the rollback's own words only (never a URL or a secret). {@code event} is the catalog's spelling
 * ({@code started}, {@code approval-requested}, ...); {@code link} is the api path an operator acts
 * on, relative to the api's address.
 */
public record Notice(
    String event,
    String rollbackId,
    String summary,
    String status,
    String detail,
    String link,
    long atMillis) {}
