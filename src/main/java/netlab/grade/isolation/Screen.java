package netlab.grade.isolation;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import netlab.core.Lang;
import netlab.core.Msg;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Reads a student's compiled classes before they run, for what no exercise needs and only an
 * attempt on the grader uses: the grader's, JUnit's or the hidden tests' classes by name,
 * {@code setAccessible} and private lookups, {@code sun.misc.Unsafe} and the JDK's internals,
 * native code, agents and attach, {@code /proc/self/mem}, factories for the JDK's sockets and
 * a default proxy selector (they would decide what the tests' own sockets see). The worker's module boundary is what
 * stops such code; this screen is what names the attempt, so that a student who tries gets a
 * "results tampered with" verdict even when the attempt fails quietly.
 *
 * <p>It reads constants and references (string constants, class, field and method references,
 * also inside lambdas and string concatenation), not text, so comments never trip it.
 */
public final class Screen {
  /** Text in a string constant or a class name that only an attempt on the grader contains. */
  private static final List<String> FOREIGN_NAMES = List.of(
      "netlab.grade", "netlab/grade", "netlab.hidden", "netlab/hidden", "netlab.grader", "WorkerMain",
      "org.junit", "org/junit", "org.opentest4j", "org/opentest4j", "sun.misc.Unsafe", "sun/misc/Unsafe", "theUnsafe",
      "jdk.internal", "jdk/internal", "/proc/self/mem", "com.sun.tools.attach", "com/sun/tools/attach",
      "java/lang/instrument", "java.lang.instrument", "java/lang/foreign", "java.lang.foreign");
  /** Methods (owner.name, owner as an internal name; "*" any owner) no exercise calls. */
  private static final List<String> FOREIGN_CALLS = List.of(
      "*.setAccessible", "*.trySetAccessible", "java/lang/invoke/MethodHandles.privateLookupIn",
      "java/lang/System.load", "java/lang/System.loadLibrary", "java/lang/Runtime.load", "java/lang/Runtime.loadLibrary",
      "java/lang/invoke/MethodHandles$Lookup.defineHiddenClass",
      // JVM-wide hooks under the tests' own sockets (see the worker's JvmDefaults)
      "java/net/Socket.setSocketImplFactory", "java/net/ServerSocket.setSocketFactory",
      "java/net/DatagramSocket.setDatagramSocketImplFactory", "java/net/ProxySelector.setDefault");
  /** Member names that, as strings, are how reflection reaches the calls above. */
  private static final List<String> FOREIGN_MEMBER_NAMES = List.of(
      "setAccessible", "trySetAccessible", "privateLookupIn", "loadLibrary", "getStackWalkerWithClassReference",
      "RETAIN_CLASS_REFERENCE", "setSocketImplFactory", "setDatagramSocketImplFactory");

  private Screen() {}

  /**
   * The first thing found, as "File.java uses …" in {@code lang} (the grading run's language:
   * English in batch grading), or null when the classes are clean.
   */
  public static String scan(Map<String, byte[]> classes, Lang lang) {
    if (classes == null) return null;
    for (Map.Entry<String, byte[]> c : new TreeMap<>(classes).entrySet()) {
      String found;
      try {
        found = scan(c.getValue());
      } catch (RuntimeException e) {
        found = Msg.format(lang, "screen.unreadable", e.getClass().getSimpleName());
      }
      if (found != null) return Msg.format(lang, "screen.uses", sourceOf(c.getKey(), c.getValue()), found);
    }
    return null;
  }

  private static String sourceOf(String name, byte[] bytes) {
    String[] file = {null};
    try {
      new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
        @Override
        public void visitSource(String source, String debug) {
          file[0] = source;
        }
      }, ClassReader.SKIP_CODE);
    } catch (RuntimeException ignored) {
      // the class name will do
    }
    return file[0] != null ? file[0] : name;
  }

  private static String scan(byte[] bytes) {
    Finder f = new Finder();
    new ClassReader(bytes).accept(f, 0);
    return f.found;
  }

  private static final class Finder extends ClassVisitor {
    String found;

    Finder() {
      super(Opcodes.ASM9);
    }

    void name(String s) {
      if (found != null || s == null) return;
      for (String n : FOREIGN_NAMES) {
        if (s.contains(n)) {
          found = "\"" + shorten(s) + "\"";
          return;
        }
      }
    }

    void constant(Object value) {
      if (found != null) return;
      if (value instanceof String s) {
        name(s);
        if (found == null && FOREIGN_MEMBER_NAMES.contains(s.strip())) found = "\"" + s + "\"";
      } else if (value instanceof Type t) {
        name(t.getDescriptor());
      } else if (value instanceof Handle h) {
        call(h.getOwner(), h.getName());
        name(h.getOwner());
      }
    }

    void call(String owner, String method) {
      if (found != null) return;
      for (String c : FOREIGN_CALLS) {
        int dot = c.lastIndexOf('.');
        String o = c.substring(0, dot);
        if ((o.equals("*") || o.equals(owner)) && c.substring(dot + 1).equals(method)) {
          found = owner.replace('/', '.') + "." + method;
          return;
        }
      }
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
      name(superName);
      if (interfaces != null) for (String i : interfaces) name(i);
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
      name(descriptor);
      constant(value);
      return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
      name(descriptor);
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public void visitLdcInsn(Object value) {
          constant(value);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
          name(type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String fname, String fdesc) {
          name(owner);
          name(fdesc);
          if (owner.equals("java/lang/StackWalker$Option") && fname.equals("RETAIN_CLASS_REFERENCE")) {
            found = found == null ? "StackWalker.Option.RETAIN_CLASS_REFERENCE" : found;
          }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String mname, String mdesc, boolean itf) {
          name(owner);
          name(mdesc);
          call(owner, mname);
        }

        @Override
        public void visitInvokeDynamicInsn(String iname, String idesc, Handle bsm, Object... args) {
          name(idesc);
          for (Object a : args) constant(a);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dims) {
          name(descriptor);
        }
      };
    }

    private static String shorten(String s) {
      return s.length() > 60 ? s.substring(0, 57) + "…" : s;
    }
  }
}
