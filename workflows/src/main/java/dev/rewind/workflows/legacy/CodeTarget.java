package dev.rewind.workflows.legacy;

import java.util.List;

/**
 * The service's git checkout on each host and the commands around a code change, from the catalog's
 * {@code code} section. Commands are argv lists; a null command is not declared.
 */
public record CodeTarget(
    String gitDir, List<String> stop, List<String> start, List<String> reinstall) {}
