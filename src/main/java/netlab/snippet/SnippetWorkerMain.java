package netlab.snippet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import netlab.grade.protocol.Channel;
import netlab.grade.protocol.Event;
import netlab.grade.protocol.Request;
import netlab.grade.worker.ExitGuard;

/**
 * The JShell engine: a JVM of its own running one JShell whose snippets execute in this same
 * process ({@link SnippetExecution}), so nothing a snippet does (an endless loop, System.exit, a socket
 * left open) reaches the lab. Printed output is streamed to the lab as it happens.
 * Usage: {@code java -cp netlab.jar netlab.snippet.SnippetWorkerMain SOCKET_PATH}.
 */
public final class SnippetWorkerMain {
  private final Channel channel;
  private final JShell shell;
  private final StreamingOut out;
  private volatile String nonce;
  /** Snippets evaluated from a file ({@code /open}), by id: where in the file each begins. */
  private final java.util.Map<String, Origin> origins = new java.util.HashMap<>();
  /** The file being evaluated now (errors name it), or null for typed code. */
  private Origin origin;
  /** Snippets up to this id are not listed by {@code sources}: the imports we start with, or a mark. */
  private int listedAfter;

  /** A snippet's place in a file: the file as the student named it, and the line it begins on. */
  private record Origin(String file, int line) {}

  private SnippetWorkerMain(Channel channel) {
    this.channel = channel;
    this.out = new StreamingOut(this);
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    System.setOut(ps);
    System.setErr(ps);
    this.shell = JShell.builder().executionEngine(new SnippetExecution.Provider(), java.util.Map.of())
        .out(ps).err(ps).build();
  }

  public static void main(String[] args) throws IOException {
    netlab.grade.protocol.Signals.ignoreInterrupt();
    netlab.core.StartupTrace.mark("snippets: main");
    SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
    socket.connect(UnixDomainSocketAddress.of(args[0]));
    Channel channel = new Channel(socket);
    ExitGuard guard = ExitGuard.install();
    SnippetWorkerMain worker = new SnippetWorkerMain(channel);
    netlab.core.StartupTrace.mark("snippets: jshell built");
    Event hello = Event.of("hello", null);
    hello.pid = ProcessHandle.current().pid();
    hello.java = Runtime.version().toString();
    channel.send(hello);
    worker.warmUp();
    netlab.core.StartupTrace.mark("snippets: warm");
    worker.serve();
    if (guard != null) guard.allowExit();
    System.exit(0);
  }

  /** The imports the jshell tool starts with (its DEFAULT startup), so lesson code reads the same. */
  static final List<String> DEFAULT_IMPORTS = List.of("java.io.*", "java.math.*", "java.net.*", "java.nio.file.*",
      "java.util.*", "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*", "java.util.regex.*",
      "java.util.stream.*");

  /** Adds the default imports, before anyone waits: the first evaluations are the slow ones. */
  private void warmUp() {
    // the imports compile, which warms javac up; completion warms up on first use instead
    for (String i : DEFAULT_IMPORTS) shell.eval("import " + i + ";");
    listedAfter = lastId();
  }

  /** Requests are read on their own thread, so that a stop can arrive while a snippet runs. */
  private void serve() throws IOException {
    BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try {
        while (true) {
          Request r = channel.receive(Request.class);
          if (r == null) break;
          if ("stop".equals(r.op)) {
            shell.stop();
          } else {
            queue.add(r);
          }
        }
      } catch (IOException | RuntimeException ignored) {
        // the lab has gone
      }
      queue.add(Request.of("quit", null));
    }, "netlab-snippet-reader");
    reader.setDaemon(true);
    reader.start();
    while (true) {
      Request r;
      try {
        r = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if ("quit".equals(r.op)) return;
      nonce = r.nonce;
      out.resetCount();
      out.flushNow();
      try {
        switch (r.op) {
          case "eval" -> eval(r.source, r.origin);
          case "analyze" -> analyze(r.source);
          case "complete" -> complete(r.source, r.cursor == null ? r.source.length() : r.cursor);
          case "list" -> list();
          case "mark" -> listedAfter = lastId();
          case "sources" -> sources();
          default -> send(event("error", "unknown request '" + r.op + "'"));
        }
      } catch (RuntimeException e) {
        send(event("error", "the engine failed: " + e));
      }
      out.flushNow();
      send(Event.of("done", nonce));
      nonce = null;
    }
  }

  /**
   * Evaluates every complete snippet in {@code source}, in order, until one fails; a file
   * ({@code file} not null, from /open) goes on to the end, as jshell's /open does, and its errors
   * name the file and line.
   */
  private void eval(String source, String file) {
    SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
    String rest = source;
    boolean ok = true;
    int line = 1;
    while ((ok || file != null) && rest != null && !rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(rest);
      String code = info.source();
      // where the snippet's text begins: the source is the start of rest, maybe with a ';' added
      int lead = rest.length() - rest.stripLeading().length();
      int startLine = line + (int) rest.substring(0, lead).chars().filter(c -> c == '\n').count();
      if (info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
          || info.completeness() == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE && code == null) {
        out.flushNow();
        Event e = event("snippet", at(file, startLine) + "the code is incomplete: a missing ';', ')' or '}'?");
        e.kind = "error";
        e.detail = List.of(rest.strip().lines().findFirst().orElse(""));
        send(e);
        return;
      }
      if (code == null || code.isBlank()) break;
      line += (int) rest.substring(0, rest.length() - info.remaining().length()).chars().filter(c -> c == '\n').count();
      rest = info.remaining();
      origin = file == null ? null : new Origin(file, startLine);
      try {
        // without its leading blank lines: with them, JShell numbers every frame of the snippet line 1
        for (SnippetEvent ev : shell.eval(code.stripLeading())) {
          if (ev.causeSnippet() != null) continue; // an update of an earlier snippet, not news
          if (origin != null) origins.put(ev.snippet().id(), origin);
          out.flushNow();
          ok &= report(ev);
        }
      } finally {
        origin = null;
      }
    }
  }

  /** "FILE:LINE: " for code from a file, nothing for typed code. */
  private static String at(String file, int line) {
    return file == null ? "" : file + ":" + line + ": ";
  }

  private boolean report(SnippetEvent ev) {
    Snippet s = ev.snippet();
    Event e = Event.of("snippet", nonce);
    if (ev.status() == Snippet.Status.REJECTED) {
      e.kind = "error";
      List<String> lines = new ArrayList<>();
      String src = s.source();
      for (Diag d : shell.diagnostics(s).collect(Collectors.toList())) {
        if (!d.isError()) continue;
        List<String> message = new ArrayList<>(d.getMessage(Locale.ENGLISH).lines().toList());
        if (origin != null && !message.isEmpty()) {
          int pos = (int) Math.max(0, Math.min(src.length(), d.getStartPosition()));
          int line = origin.line() + (int) src.substring(0, pos).chars().filter(c -> c == '\n').count();
          message.set(0, at(origin.file(), line) + message.get(0));
        }
        lines.addAll(message);
        lines.addAll(pointAt(src, (int) d.getStartPosition(), (int) d.getEndPosition()));
      }
      e.message = lines.isEmpty() ? "rejected" : lines.get(0);
      e.detail = lines.size() > 1 ? lines.subList(1, lines.size()) : null;
      send(e);
      return false;
    }
    JShellException x = ev.exception();
    if (x != null) {
      e.kind = "exception";
      e.message = describe(x);
      e.detail = frames(x, origins);
      send(e);
      return false;
    }
    if (isPrintfEcho(s)) return true;
    if (s instanceof VarSnippet v) {
      e.kind = "value";
      e.message = v.name() + " ==> " + ev.value();
    } else if (s.kind() == Snippet.Kind.EXPRESSION) {
      if (ev.value() == null || ev.value().isEmpty() && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) return true;
      e.kind = "value";
      e.message = shortName(s) + " ==> " + ev.value();
    } else if (s instanceof MethodSnippet m) {
      e.kind = "created";
      e.message = (ev.previousStatus() == Snippet.Status.NONEXISTENT ? "created" : "replaced") + " method "
          + m.name() + "(" + m.parameterTypes() + ")";
    } else if (s instanceof TypeDeclSnippet t) {
      e.kind = "created";
      e.message = (ev.previousStatus() == Snippet.Status.NONEXISTENT ? "created " : "replaced ")
          + t.subKind().name().replace("_SUBKIND", "").toLowerCase(Locale.ROOT).replace('_', ' ') + " " + t.name();
    } else {
      return true; // statements and imports say nothing when they work, as in jshell
    }
    if (ev.value() == null && s instanceof VarSnippet) e.message = ((VarSnippet) s).name() + " declared";
    if (s instanceof DeclarationSnippet d
        && (ev.status() == Snippet.Status.RECOVERABLE_DEFINED || ev.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED)) {
      e.message += unresolved(d);
    }
    send(e);
    return true;
  }

  private static final java.util.regex.Pattern PRINTF_CALL = java.util.regex.Pattern.compile("\\.(printf|format|append)\\s*\\(");

  /**
   * {@code System.out.printf(…)} is an expression whose value is the stream itself, so jshell
   * echoes {@code $1 ==> java.io.PrintStream@…} after the text it printed: noise, and a puzzle for
   * a student. Only a temporary value of a print stream or writer from such a call is dropped.
   */
  static boolean isPrintfEcho(Snippet s) {
    String type;
    if (s instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
      type = v.typeName();
    } else if (s instanceof ExpressionSnippet x) {
      type = x.typeName();
    } else {
      return false;
    }
    return type.matches("(java\\.io\\.)?Print(Stream|Writer)") && PRINTF_CALL.matcher(s.source()).find();
  }

  /**
   * What a declaration still waits for, as jshell says it ("…, but it cannot be used until variable
   * x is declared"): in a file this is usually a typo, so the file and line are named.
   */
  private String unresolved(DeclarationSnippet d) {
    List<String> missing = shell.unresolvedDependencies(d).toList();
    if (missing.isEmpty()) return "";
    String where = "";
    if (origin != null) {
      String name = missing.get(0).substring(missing.get(0).lastIndexOf(' ') + 1).replaceAll("\\(.*", ""); // "method f(int)"
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name) + "\\b")
          .matcher(d.source());
      if (m.find()) {
        int line = origin.line() + (int) d.source().substring(0, m.start()).chars().filter(c -> c == '\n').count();
        where = " (" + origin.file() + ":" + line + ")";
      }
    }
    return ", but it cannot be used until " + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
        + " declared" + where;
  }

  private static String shortName(Snippet s) {
    return s instanceof VarSnippet v ? v.name() : "$" + s.id();
  }

  private static String describe(JShellException x) {
    if (x instanceof UnresolvedReferenceException u) {
      return "this uses " + u.getSnippet().source().strip().lines().findFirst().orElse("a definition")
          + ", which is not complete yet";
    }
    if (x instanceof EvalException ee) {
      String m = ee.getMessage();
      String cls = ee.getExceptionClassName();
      if (cls.equals(ExitGuard.ExitAttempt.class.getName())) return "the snippet called System.exit; the engine stays up";
      return m == null ? cls : cls + ": " + m;
    }
    return x.toString();
  }

  /**
   * The snippet's own frames (jshell shows them as #id:line; code from a file shows as
   * FILE:LINE), and at most two more.
   */
  private static List<String> frames(JShellException x, java.util.Map<String, Origin> origins) {
    List<String> out = new ArrayList<>();
    int others = 0;
    for (StackTraceElement f : x.getStackTrace()) {
      String file = f.getFileName();
      if (file != null && file.startsWith("#")) {
        String method = f.getMethodName();
        boolean topLevel = method.isEmpty() || method.startsWith("do_it$");
        Origin o = origins.get(file.substring(1));
        String where = o == null ? file + ":" + f.getLineNumber() : o.file() + ":" + (o.line() + f.getLineNumber() - 1);
        String at = "at " + (topLevel ? "" : method + " ") + "(" + where + ")";
        if (out.isEmpty() || !out.get(out.size() - 1).equals(at)) out.add(at); // a var's initializer and its wrapper
      } else if (out.isEmpty() && others < 2 && !f.getClassName().startsWith("netlab.")
          && !f.getClassName().startsWith("java.lang.Runtime") && !f.getClassName().startsWith("java.lang.System")) {
        out.add("at " + f.getClassName() + "." + f.getMethodName() + "(" + file + ":" + f.getLineNumber() + ")");
        others++;
      }
      if (out.size() >= 6) break;
    }
    Throwable cause = x.getCause();
    if (cause instanceof JShellException c && cause != x) out.add("caused by " + describe(c));
    return out;
  }

  /** The line of {@code src} holding [start, end), and a ^---^ marker under the span. */
  static List<String> pointAt(String src, int start, int end) {
    if (start < 0 || start > src.length()) return List.of();
    int lineStart = src.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
    if (start == 0) lineStart = 0;
    int lineEnd = src.indexOf('\n', start);
    if (lineEnd < 0) lineEnd = src.length();
    String line = src.substring(lineStart, lineEnd);
    int from = start - lineStart;
    int to = Math.max(from + 1, Math.min(end, lineEnd) - lineStart);
    String marker = to - from <= 1 ? "^" : "^" + "-".repeat(Math.max(0, to - from - 2)) + "^";
    return List.of(line, " ".repeat(from) + marker);
  }

  private void analyze(String source) {
    SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(source);
    Event e = Event.of("analysis", nonce);
    e.completeness = info.completeness().name();
    e.remaining = info.remaining();
    send(e);
  }

  private void complete(String source, int cursor) {
    int[] anchor = new int[1];
    List<SourceCodeAnalysis.Suggestion> s = shell.sourceCodeAnalysis().completionSuggestions(source, cursor, anchor);
    Event e = Event.of("completions", nonce);
    boolean typed = s.stream().anyMatch(SourceCodeAnalysis.Suggestion::matchesType);
    e.suggestions = s.stream().filter(x -> !typed || x.matchesType()).map(SourceCodeAnalysis.Suggestion::continuation)
        .distinct().toList();
    e.anchor = anchor[0];
    send(e);
  }

  /** What is defined: variables, methods, types and imports, one per line. */
  private void list() {
    List<String> lines = new ArrayList<>();
    shell.imports().forEach(i -> lines.add("import " + i.fullname() + (i.isStatic() ? " (static)" : "")));
    shell.types().forEach(t -> lines.add(t.subKind().name().replace("_SUBKIND", "").toLowerCase(Locale.ROOT)
        .replace('_', ' ') + " " + t.name()));
    shell.methods().forEach(m -> lines.add("method " + m.name() + "(" + m.parameterTypes() + ") " + m.signature()
        .substring(m.signature().indexOf(')') + 1)));
    shell.variables().filter(v -> !v.name().startsWith("$")).forEach(v ->
        lines.add(v.typeName() + " " + v.name() + " = " + shell.varValue(v)));
    Event e = Event.of("snippet", nonce);
    e.kind = "info";
    e.detail = lines;
    send(e);
  }

  /**
   * The snippets entered since the last mark (the start of a jshell session), numbered by their
   * ids as jshell's /list numbers them, so that a frame's #id:line finds its snippet.
   */
  private void sources() {
    List<String> lines = new ArrayList<>();
    shell.snippets().forEach(s -> {
      if (number(s) <= listedAfter || !shell.status(s).isActive()) return;
      List<String> src = s.source().strip().lines().toList();
      for (int i = 0; i < src.size(); i++) lines.add((i == 0 ? String.format("%4s : ", s.id()) : " ".repeat(7)) + src.get(i));
    });
    Event e = Event.of("snippet", nonce);
    e.kind = "info";
    e.detail = lines;
    send(e);
  }

  /** A snippet's id as a number; errors ("e1") and start-up ids count as 0. */
  private static int number(Snippet s) {
    try {
      return Integer.parseInt(s.id());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private int lastId() {
    return shell.snippets().mapToInt(SnippetWorkerMain::number).max().orElse(0);
  }

  private Event event(String type, String message) {
    Event e = Event.of(type, nonce);
    e.message = message;
    return e;
  }

  void send(Event e) {
    if (e.nonce == null) e.nonce = nonce;
    // Output is sent from the thread that printed it, and the channel is a SocketChannel, which
    // an interrupted thread's write closes (InterruptibleChannel): a snippet thread printing
    // with its interrupt flag set, as lesson 12 teaches after catching InterruptedException,
    // would end the engine. The flag is put aside for the write and restored. (A thread
    // interrupted by another during the write itself can still close it; that window is tiny.)
    boolean interrupted = Thread.interrupted();
    try {
      channel.send(e);
    } catch (IOException ignored) {
      // the lab has gone; the reader thread ends us
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  String currentNonce() {
    return nonce;
  }

  /**
   * System.out and System.err of the snippets: collected briefly and sent on as "out" events,
   * so that a snippet printing as it goes shows up as it goes. Capped per evaluation.
   */
  static final class StreamingOut extends OutputStream {
    private static final int LIMIT = 1 << 20;
    private final SnippetWorkerMain worker;
    private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    private long sent;
    private long lastFlush = System.nanoTime();

    StreamingOut(SnippetWorkerMain worker) {
      this.worker = worker;
    }

    @Override
    public synchronized void write(int b) {
      buffer.write(b);
      maybeFlush(b == '\n');
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      buffer.write(b, off, len);
      maybeFlush(len > 0 && b[off + len - 1] == '\n');
    }

    private void maybeFlush(boolean newline) {
      if (buffer.size() > 8192 || newline && System.nanoTime() - lastFlush > 30_000_000L) flushNow();
    }

    synchronized void resetCount() {
      sent = 0;
    }

    synchronized void flushNow() {
      lastFlush = System.nanoTime();
      if (buffer.size() == 0) return;
      String nonce = worker.currentNonce();
      if (nonce == null) {
        // printed between requests (a thread an earlier snippet left running): shown with the
        // next answer, as long as it stays small
        if (buffer.size() > 64 * 1024) buffer.reset();
        return;
      }
      if (sent > LIMIT) {
        buffer.reset();
        return;
      }
      Event e = Event.of("out", nonce);
      e.text = buffer.toString(StandardCharsets.UTF_8);
      sent += buffer.size();
      if (sent > LIMIT) e.text += "\n… (more output not shown: the snippet printed over 1 MB)\n";
      buffer.reset();
      worker.send(e);
    }
  }
}
