package insitu.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The architecture rules of docs/ARCHITECTURE.md, checked on the source tree of every module: each
 * check returns its violations as {@code module/path:line: what}, empty when the rule holds.
 * Sources are read as text with comments and string literals blanked (lines kept), so a comment
 * that names a package is not a dependency.
 */
final class ArchitectureRules {
  /** The largest main source file, in lines (house rules). */
  static final int MAX_LINES = 450;
  /** The board implementations only the boards module may name. */
  static final List<String> BOARD_IMPLEMENTATION_PACKAGES = List.of("insitu.boards.sim", "insitu.boards.serial");
  /** Types that, held in a static field, are threads living as long as the JVM. */
  private static final String THREAD_TYPES =
      "Thread|ExecutorService|ScheduledExecutorService|Executor|ThreadPoolExecutor|ScheduledThreadPoolExecutor|ForkJoinPool|Timer|Workers";
  private static final Pattern STATIC_THREAD_FIELD =
      Pattern.compile("\\bstatic\\b[^(;={]*\\b(?:" + THREAD_TYPES + ")\\b(?:<[^>]*>)?\\s+\\w+\\s*[=;]");
  private static final Pattern STATIC_THREAD_INIT =
      Pattern.compile("\\bstatic\\b[^(;={]*=\\s*(?:Executors\\s*\\.|new\\s+(?:Thread|Timer|ForkJoinPool|Workers)\\b|Workers\\s*\\.\\s*(?:perCore|sequential)\\b)");
  private static final Pattern SHARED_POOL = Pattern.compile("ForkJoinPool\\s*\\.\\s*commonPool|\\.parallelStream\\s*\\(|\\.parallel\\s*\\(\\s*\\)");
  private static final Pattern BOARD_CLASS =
      Pattern.compile("\\bclass\\s+(\\w+)(?:\\s*<[^>]*>)?[^{]*\\bimplements\\b[^{]*\\bBoard\\b(?!\\w)");
  private static final Pattern MVM_DECLARATION =
      Pattern.compile("(?m)^\\s*(?!return\\b|else\\b|throw\\b|new\\b)(?:(?:public|default|abstract|static)\\s+)*(?:<[^>]*>\\s*)?[\\w.<>\\[\\]?]+\\s+(mvm\\w*)\\s*\\(");
  private static final Pattern EXIT = Pattern.compile("System\\s*\\.\\s*exit\\s*\\(|\\.\\s*halt\\s*\\(|\\.printStackTrace\\s*\\(");
  /** Modules that are programs, not libraries (the command line, and the bench that runs it): only they end the JVM or print a stack trace. */
  private static final Set<String> PROGRAMS = Set.of("cli", "bench");

  private final List<Source> sources;

  private ArchitectureRules(List<Source> sources) {
    this.sources = sources;
  }

  /** The main sources of every module under {@code root} ({@code MODULE/src/main/java}). */
  static ArchitectureRules of(Path root) {
    List<Source> all = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.sorted().toList()) {
        Path main = module.resolve("src/main/java");
        if (!Files.isDirectory(main)) continue;
        try (Stream<Path> files = Files.walk(main)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList())
            all.add(Source.read(module.getFileName().toString(), root.relativize(f), f));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArchitectureRules(all);
  }

  int files() {
    return sources.size();
  }

  /** No main source file is longer than {@link #MAX_LINES} lines. */
  List<String> longFiles() {
    List<String> v = new ArrayList<>();
    for (Source s : sources)
      if (s.lines.size() > MAX_LINES) v.add(s.path + ": " + s.lines.size() + " lines (at most " + MAX_LINES + ")");
    return v;
  }

  /** Only the boards module names the simulator's and the serial driver's packages: everyone else opens boards by spec. */
  List<String> boardImplementationsNamedOutsideBoards() {
    List<String> v = new ArrayList<>();
    for (Source s : outside("boards"))
      for (String pkg : BOARD_IMPLEMENTATION_PACKAGES)
        s.find(Pattern.compile("\\b" + Pattern.quote(pkg) + "\\b"), "names " + pkg, v);
    return v;
  }

  /** The classes of the boards module that implement {@code Board}. */
  Set<String> concreteBoards() {
    Set<String> names = new LinkedHashSet<>();
    for (Source s : sources) {
      if (!s.module.equals("boards")) continue;
      Matcher m = BOARD_CLASS.matcher(s.code);
      while (m.find()) names.add(m.group(1));
    }
    return names;
  }

  /** Outside boards, nobody casts to (or tests for) a board's class to reach an ability: capabilities are asked for. */
  List<String> castsToConcreteBoards() {
    List<String> v = new ArrayList<>();
    Set<String> boards = concreteBoards();
    if (boards.isEmpty()) return v;
    String names = String.join("|", boards);
    Pattern cast = Pattern.compile("\\(\\s*(?:" + names + ")\\s*\\)\\s*[\\w(]|\\binstanceof\\s+(?:" + names + ")\\b");
    for (Source s : outside("boards")) s.find(cast, "casts to a board class (ask board.capability(...) instead)", v);
    return v;
  }

  /** The number of methods of the {@code Board} interface whose names start with mvm. */
  List<String> mvmMethodsOfBoard() {
    List<String> names = new ArrayList<>();
    for (Source s : sources) {
      if (!s.path.endsWith(Path.of("insitu/boards/Board.java"))) continue;
      Matcher m = MVM_DECLARATION.matcher(s.code);
      while (m.find()) names.add(m.group(1));
    }
    return names;
  }

  /**
   * Nothing the command line is built on names {@code insitu.cli}: jobs, the service and the fleet
   * are used by it, never the other way. Only the programs may (the bench runs the real tool).
   */
  List<String> cliNamedBelowCli() {
    List<String> v = new ArrayList<>();
    for (Source s : sources)
      if (!PROGRAMS.contains(s.module)) s.find(Pattern.compile("\\binsitu\\.cli\\b"), "names insitu.cli", v);
    return v;
  }

  /** Only the programs (cli, bench) parse command lines with picocli. */
  List<String> picocliOutsidePrograms() {
    List<String> v = new ArrayList<>();
    for (Source s : sources)
      if (!PROGRAMS.contains(s.module)) s.find(Pattern.compile("\\bpicocli\\b"), "uses picocli outside the programs", v);
    return v;
  }

  /** No thread, pool or team lives in a static field, and nobody borrows the JVM's shared pool: parallelism is passed in. */
  List<String> staticThreads() {
    List<String> v = new ArrayList<>();
    for (Source s : sources) {
      s.find(STATIC_THREAD_FIELD, "a thread or pool in a static field", v);
      s.find(STATIC_THREAD_INIT, "a thread or pool made in a static initializer", v);
      s.find(SHARED_POOL, "the JVM's shared fork-join pool", v);
    }
    return v;
  }

  /** Libraries report failures as exceptions; only the programs end the JVM or print a stack trace. */
  List<String> exitsOutsidePrograms() {
    List<String> v = new ArrayList<>();
    for (Source s : sources)
      if (!PROGRAMS.contains(s.module)) s.find(EXIT, "ends the JVM or prints a stack trace in a library", v);
    return v;
  }

  private List<Source> outside(String module) {
    return sources.stream().filter(s -> !s.module.equals(module)).toList();
  }

  /** One source file: its module, path from the root, lines, and its code with comments and strings blanked. */
  private record Source(String module, Path path, List<String> lines, String code) {
    static Source read(String module, Path path, Path file) throws IOException {
      String text = Files.readString(file);
      return new Source(module, path, text.lines().toList(), blankCommentsAndStrings(text));
    }

    void find(Pattern p, String what, List<String> out) {
      Matcher m = p.matcher(code);
      while (m.find()) out.add(path + ":" + lineOf(m.start()) + ": " + what);
    }

    private int lineOf(int offset) {
      int line = 1;
      for (int i = 0; i < offset; i++) if (code.charAt(i) == '\n') line++;
      return line;
    }
  }

  /** Comments and the insides of string and char literals as spaces; every newline stays where it was. */
  static String blankCommentsAndStrings(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int i = 0, n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        while (i < n && s.charAt(i) != '\n') { b.append(' '); i++; }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        for (; i < end; i++) b.append(s.charAt(i) == '\n' ? '\n' : ' ');
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
        for (; i < end; i++) b.append(s.charAt(i) == '\n' ? '\n' : ' ');
      } else if (c == '"' || c == '\'') {
        b.append(c);
        i++;
        while (i < n && s.charAt(i) != c && s.charAt(i) != '\n') {
          if (s.charAt(i) == '\\' && i + 1 < n) { b.append(' '); i++; }
          b.append(' ');
          i++;
        }
        if (i < n) { b.append(s.charAt(i)); i++; }
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }
}
