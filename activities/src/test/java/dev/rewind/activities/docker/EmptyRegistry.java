package dev.rewind.activities.docker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A Docker registry on loopback that holds no image: every manifest is unknown, as a real registry
 * answers for a tag never pushed. Docker treats 127.0.0.0/8 as an insecure registry and tries TLS
 * first; that handshake is refused at once (a plain HTTP server would leave it hanging for Docker's
 * 10 s TLS timeout) so Docker falls back to plain HTTP.
 */
final class EmptyRegistry implements AutoCloseable {
  private static final int TLS_HANDSHAKE = 0x16;

  private final ServerSocket server;

  EmptyRegistry() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::serve, "empty-registry");
    accept.setDaemon(true);
    accept.start();
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        answer(socket);
      } catch (IOException e) {
        // closed, or a client that went away: keep serving until closed
      }
    }
  }

  private static void answer(Socket socket) throws IOException {
    PushbackInputStream in = new PushbackInputStream(socket.getInputStream());
    int first = in.read();
    if (first == TLS_HANDSHAKE || first < 0) {
      return;
    }
    in.unread(first);
    String requestLine = readHead(in);
    String[] parts = requestLine.split(" ");
    boolean head = parts[0].equals("HEAD");
    boolean root = parts.length > 1 && parts[1].equals("/v2/");
    String body =
        root
            ? "{}"
            : "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}";
    String response =
        (root ? "HTTP/1.1 200 OK" : "HTTP/1.1 404 Not Found")
            + "\r\nContent-Type: application/json"
            + "\r\nDocker-Distribution-API-Version: registry/2.0"
            + "\r\nContent-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + (head ? "" : body);
    OutputStream out = socket.getOutputStream();
    out.write(response.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads the request line and headers (requests to a registry's read API have no body). */
  private static String readHead(InputStream in) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    String requestLine = reader.readLine();
    for (String line = reader.readLine(); line != null && !line.isEmpty(); ) {
      line = reader.readLine();
    }
    return requestLine == null ? "" : requestLine;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
