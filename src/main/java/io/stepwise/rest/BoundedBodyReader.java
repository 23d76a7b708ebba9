package io.stepwise.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Reads the API's request bodies (all are taken as a String) reading at most the HTTP limit: a
 * longer body, which can only be a chunked one (see {@link BodyLimit}), fails with {@link
 * RequestBodyTooLargeException}, a JSON 413; the rest of it is never read or buffered.
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class BoundedBodyReader implements MessageBodyReader<String> {

  private final BodyLimit limit;

  public BoundedBodyReader(BodyLimit limit) {
    this.limit = limit;
  }

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == String.class;
  }

  @Override
  public String readFrom(
      Class<String> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> headers,
      InputStream entity)
      throws IOException {
    long max = limit.maxBytes();
    byte[] body = entity.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    if (body.length > max) {
      throw new RequestBodyTooLargeException(max);
    }
    return new String(body, charset(mediaType));
  }

  private static Charset charset(MediaType mediaType) {
    String name =
        mediaType == null ? null : mediaType.getParameters().get(MediaType.CHARSET_PARAMETER);
    try {
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("unknown charset '" + name + "'");
    }
  }
}
