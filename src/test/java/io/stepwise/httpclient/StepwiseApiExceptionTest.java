package io.stepwise.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** How an error answer reads in one line, whatever its body. */
class StepwiseApiExceptionTest {

  @Test
  void theServicesJsonErrorGivesCodeAndMessage() throws Exception {
    String body = "{\"error\": {\"code\": \"instance_exists\", \"message\": \"id o-1 is taken\"}}";
    StepwiseApiException e = StepwiseApiException.of(409, new ObjectMapper().readTree(body), body);
    assertThat(e.getMessage()).isEqualTo("HTTP 409 instance_exists: id o-1 is taken");
  }

  @Test
  void anHtmlPageIsSummedUpByItsTitleNotPrintedWhole() {
    String page =
        "<!doctype html>\n<html><head>\n<title>Error restarting Quarkus\n  (compilation failed)</title></head>"
            + "<body>"
            + "x".repeat(250_000)
            + "</body></html>";
    StepwiseApiException e = StepwiseApiException.of(500, null, page);
    assertThat(e.detail())
        .isEqualTo(
            "Error restarting Quarkus (compilation failed) (" + page.length() + " characters)");
    assertThat(e.getMessage()).hasSizeLessThan(300);
  }

  @Test
  void otherTextGivesItsFirstLineCut() {
    assertThat(StepwiseApiException.summary("Bad Gateway\nupstream closed"))
        .isEqualTo("Bad Gateway (27 characters)");
    assertThat(StepwiseApiException.summary("y".repeat(500)))
        .isEqualTo("y".repeat(200) + "… (500 characters)");
    assertThat(StepwiseApiException.summary("  ")).isEqualTo("no details");
  }
}
