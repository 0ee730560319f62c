package insitu.sdk;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's SDK snippet, compiled with javac and run in a child JVM, exactly as printed. */
class ReadmeSnippetTest {
  @TempDir Path tmp;

  static String snippet() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int a = readme.indexOf("<!-- sdk-snippet:start -->"), b = readme.indexOf("<!-- sdk-snippet:end -->");
    assertTrue(a >= 0 && b > a, "README has the snippet markers");
    String block = readme.substring(a, b);
    return block.substring(block.indexOf("```java") + 7, block.lastIndexOf("```"));
  }

  @Test
  void snippetHasAtMostTenLinesAndCompilesAndRuns() throws Exception {
    String code = snippet();
    assertTrue(code.strip().lines().count() <= 10, "ten lines at most");
    Path src = tmp.resolve("Snippet.java");
    Files.writeString(src, "import insitu.sdk.*;\nimport insitu.sdk.data.DatasetSplit;\n"
        + "public class Snippet { public static void main(String[] args) throws Exception {\n" + code + "\n} }\n");
    String cp = System.getProperty("java.class.path");
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", cp, "-d", tmp.toString(), src.toString());
    assertEquals(0, rc, "the README snippet compiles");
    Path out = tmp.resolve("out.txt");
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        tmp + java.io.File.pathSeparator + cp, "Snippet")).directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "snippet finishes");
    String printed = Files.readString(out);
    assertEquals(0, p.exitValue(), printed);
    var m = java.util.regex.Pattern.compile("accuracy (0\\.\\d+)").matcher(printed);
    assertTrue(m.find(), printed);
    assertTrue(Double.parseDouble(m.group(1)) > 0.85, "three epochs in situ learn the digits: " + printed);
    assertTrue(Files.size(tmp.resolve("model.xbar")) > 0, "checkpoint written");
  }
}
