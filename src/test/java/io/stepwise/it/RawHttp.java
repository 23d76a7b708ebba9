package io.stepwise.it;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 over a plain socket, for what HTTP clients will not send: a path with unnormalised dot
 * segments, a chunked body of any size. Reads one answer (its body by Content-Length).
 */
final class RawHttp {

  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  static Answer get(String target, String accept) throws IOException {
    return exchange(
        "GET "
            + target
            + " HTTP/1.1\r\nHost: localhost\r\nAccept: "
            + accept
            + "\r\nConnection: close\r\n\r\n",
        null,
        0);
  }

  /**
   * POSTs {@code prefix} followed by {@code filler} bytes ('a') as a chunked body, written while
   * the answer is read (the server may answer, and close, before the body is all sent).
   */
  static Answer postChunked(String target, String prefix, int filler, String suffix)
      throws IOException {
    String head =
        "POST "
            + target
            + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    return exchange(head, new Body(prefix, filler, suffix), 64 * 1024);
  }

  private record Body(String prefix, int filler, String suffix) {}

  private static Answer exchange(String head, Body body, int chunk) throws IOException {
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      CompletableFuture<Void> sending =
          body == null
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.runAsync(() -> sendChunked(out, body, chunk));
      Answer answer = read(socket.getInputStream());
      sending.exceptionally(ignored -> null); // the server may close before the body is all sent
      return answer;
    }
  }

  private static void sendChunked(OutputStream out, Body body, int chunk) {
    try {
      writeChunk(out, body.prefix().getBytes(StandardCharsets.UTF_8));
      byte[] filler = new byte[chunk];
      java.util.Arrays.fill(filler, (byte) 'a');
      for (int left = body.filler(); left > 0; left -= chunk) {
        writeChunk(out, left >= chunk ? filler : java.util.Arrays.copyOf(filler, left));
      }
      writeChunk(out, body.suffix().getBytes(StandardCharsets.UTF_8));
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void writeChunk(OutputStream out, byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static Answer read(InputStream in) throws IOException {
    String statusLine = line(in);
    while (statusLine.startsWith("HTTP/1.1 100")) { // "100 Continue", then the answer
      while (!line(in).isEmpty()) {
        // skip its headers
      }
      statusLine = line(in);
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new HashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new Answer(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed before the answer: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
