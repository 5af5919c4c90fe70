package dev.rewind.workflows;

/**
 * A precondition a dry run checked without changing anything: the request field it concerns ({@code
 * backup}, {@code targetVersion}, {@code gitSha}, {@code hosts}), what was checked, whether it
 * holds, and the detail (why not).
 */
public record Precondition(String field, String check, boolean holds, String detail) {}
