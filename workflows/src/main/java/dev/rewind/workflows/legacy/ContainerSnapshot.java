package dev.rewind.workflows.legacy;

import java.util.List;

/**
 * What a container looked like before Rewind touched it: enough to recognise it and to put it back.
 * Environment values are deliberately absent: they may hold secrets and this record is kept in the
 * workflow history. The full spec is re-read from the stopped container when its replacement is
 * created.
 */
public record ContainerSnapshot(
    String id,
    String name,
    String image,
    String imageId,
    boolean running,
    boolean hasHealthcheck,
    String restartPolicy,
    List<String> ports,
    List<String> mounts,
    List<String> networks) {}
