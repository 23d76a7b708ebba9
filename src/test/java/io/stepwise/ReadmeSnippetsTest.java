package io.stepwise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's code cannot drift from the code that is built and tested: every block preceded by
 * {@code <!-- from PATH -->} (a whole file) or {@code <!-- from PATH#NAME -->} (the lines between
 * {@code snippet:NAME} and {@code snippet:end} in that file) must be exactly that text.
 */
class ReadmeSnippetsTest {

  private static final Pattern FROM = Pattern.compile("<!-- from (\\S+?)(?:#(\\S+))? -->");

  record Snippet(String path, String name, String text) {}

  @Test
  void everySnippetIsTheFileItComesFrom() throws IOException {
    List<Snippet> snippets = snippets(Files.readAllLines(Path.of("README.md")));

    assertThat(snippets)
        .extracting(s -> s.path() + (s.name() == null ? "" : "#" + s.name()))
        .contains(
            "src/it/sample-app/pom.xml#dependency",
            "src/main/java/io/stepwise/examples/OrderWorkflow.java",
            "src/test/java/io/stepwise/examples/OrderWorkflowTest.java#kit",
            "src/it/sample-app/src/main/java/com/example/billing/InvoiceWorkflow.java",
            "src/it/sample-app/src/test/java/com/example/billing/InvoiceWorkflowTest.java",
            "src/test/java/io/stepwise/httpclient/StepwiseHttpClientTest.java#http-client");
    for (Snippet snippet : snippets) {
      assertThat(snippet.text())
          .as(
              "README block from %s%s",
              snippet.path(), snippet.name() == null ? "" : "#" + snippet.name())
          .isEqualTo(source(snippet));
    }
  }

  private static List<Snippet> snippets(List<String> readme) {
    List<Snippet> snippets = new ArrayList<>();
    for (int i = 0; i < readme.size(); i++) {
      Matcher from = FROM.matcher(readme.get(i).strip());
      if (!from.matches()) {
        continue;
      }
      assertThat(readme.get(i + 1))
          .as("the line after '%s' opens a code block", readme.get(i))
          .startsWith("```");
      int end = i + 2;
      while (!readme.get(end).startsWith("```")) {
        end++;
      }
      snippets.add(
          new Snippet(from.group(1), from.group(2), normalized(readme.subList(i + 2, end))));
      i = end;
    }
    return snippets;
  }

  private static String source(Snippet snippet) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(snippet.path()));
    if (snippet.name() == null) {
      return normalized(lines);
    }
    int start = indexOf(lines, "snippet:" + snippet.name(), 0, snippet.path());
    int end = indexOf(lines, "snippet:end", start, snippet.path());
    return normalized(dedented(lines.subList(start + 1, end)));
  }

  private static int indexOf(List<String> lines, String marker, int from, String path) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).contains(marker)) {
        return i;
      }
    }
    throw new AssertionError(path + " has no '" + marker + "' marker");
  }

  private static List<String> dedented(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
  }

  private static String normalized(List<String> lines) {
    return String.join("\n", lines.stream().map(String::stripTrailing).toList()).strip();
  }
}
