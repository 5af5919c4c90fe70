package dev.rewind.activities.host;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the last bytes a command wrote: enough for a step's detail, bounded whatever it prints. */
final class OutputTail extends OutputStream {
  private final byte[] ring;
  private long written;

  OutputTail(int capacity) {
    ring = new byte[capacity];
  }

  @Override
  public synchronized void write(int b) {
    ring[(int) (written++ % ring.length)] = (byte) b;
  }

  @Override
  public synchronized String toString() {
    int size = (int) Math.min(written, ring.length);
    byte[] out = new byte[size];
    int start = (int) ((written - size) % ring.length);
    for (int i = 0; i < size; i++) {
      out[i] = ring[(start + i) % ring.length];
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
