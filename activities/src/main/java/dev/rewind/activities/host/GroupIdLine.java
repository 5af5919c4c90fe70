package dev.rewind.activities.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The stdout of a remote command whose first line is {@link ShellQuoting#GROUP_LINE} and its
 * process group id: that line is taken off and read, everything after it goes to {@code rest}.
 */
final class GroupIdLine extends OutputStream {
  private final OutputStream rest;
  private final ByteArrayOutputStream first = new ByteArrayOutputStream();
  private volatile long group = -1;
  private boolean done;

  GroupIdLine(OutputStream rest) {
    this.rest = rest;
  }

  /** The remote process group, or -1 while its line has not arrived. */
  long group() {
    return group;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    if (done) {
      rest.write(b);
    } else if (b == '\n') {
      done = true;
      String line = first.toString(StandardCharsets.UTF_8);
      if (line.startsWith(ShellQuoting.GROUP_LINE)) {
        group = Long.parseLong(line.substring(ShellQuoting.GROUP_LINE.length()).strip());
      } else {
        rest.write(first.toByteArray()); // not ours after all: keep it as output
        rest.write(b);
      }
    } else if (first.size() > 64) {
      done = true;
      rest.write(first.toByteArray());
      rest.write(b);
    } else {
      first.write(b);
    }
  }
}
