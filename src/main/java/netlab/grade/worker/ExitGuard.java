package netlab.grade.worker;

import java.lang.reflect.ReflectPermission;
import java.security.AccessController;
import java.security.CodeSource;
import java.security.Permission;
import java.security.PermissionCollection;
import java.security.Policy;
import java.security.ProtectionDomain;
import java.security.SecurityPermission;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Where the JDK still has a SecurityManager (Java 17, and 18–23 with
 * {@code -Djava.security.manager=allow}): turns System.exit and Runtime.halt in student code into
 * an exception, so that the code that called it fails with a clear reason and the worker lives
 * on; and refuses the student's classes a short list of powers that no exercise needs and that
 * could reach past the module boundary: loading native code (JNI can write anywhere in the
 * JVM), changing the security manager or policy, suppressing access checks, stack walkers
 * that hand out classes, new class loaders. Everything else is granted to everyone, so only the
 * listed permissions cost a stack walk. On 24+ there is no SecurityManager: the worker's
 * shutdown hook reports an exit, and {@code --illegal-native-access=deny} refuses native code.
 */
@SuppressWarnings("removal")
public final class ExitGuard extends SecurityManager {
  /** Thrown in place of exiting the JVM. */
  public static final class ExitAttempt extends SecurityException {
    private static final long serialVersionUID = 1L;
    final int status;

    ExitAttempt(int status) {
      super("System.exit(" + status + ") was called");
      this.status = status;
    }
  }

  /** What a refused permission says; the worker recognises it as an attempt on the grader. */
  static final String REFUSED = "not allowed in a graded exercise: ";

  private static volatile boolean installed;
  private volatile boolean allowExit;

  public static ExitGuard install() {
    try {
      ExitGuard g = new ExitGuard();
      // every domain but the student's: all permissions (the student's has its own, fixed set)
      Policy.setPolicy(new Policy() {
        @Override
        public boolean implies(ProtectionDomain domain, Permission permission) {
          return true;
        }

        @Override
        public PermissionCollection getPermissions(ProtectionDomain domain) {
          return new Everything(false);
        }
      });
      System.setSecurityManager(g);
      installed = true;
      return g;
    } catch (UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /** The protection domain of the student's classes: everything but the refused powers. */
  static ProtectionDomain studentDomain() {
    if (!installed) return null;
    return new ProtectionDomain(new CodeSource(null, (java.security.CodeSigner[]) null), new Everything(true));
  }

  public void allowExit() {
    allowExit = true;
  }

  @Override
  public void checkExit(int status) {
    if (!allowExit) throw new ExitAttempt(status);
  }

  @Override
  public void checkPermission(Permission perm) {
    if (perm instanceof RuntimePermission && "setSecurityManager".equals(perm.getName()) && !allowExit) {
      throw new SecurityException("code under test may not replace the worker's security manager");
    }
    if (refused(perm)) {
      try {
        AccessController.checkPermission(perm); // fails if a student frame is on the stack
      } catch (SecurityException e) {
        throw new SecurityException(REFUSED + perm.getClass().getSimpleName() + " " + perm.getName(), e);
      }
    }
  }

  @Override
  public void checkPermission(Permission perm, Object context) {
    checkPermission(perm);
  }

  static boolean refused(Permission p) {
    String n = p.getName();
    if (p instanceof RuntimePermission) {
      return n.startsWith("loadLibrary.") || n.equals("setSecurityManager") || n.equals("createSecurityManager")
          || n.equals("getStackWalkerWithClassReference") || n.equals("createClassLoader") || n.equals("defineClass")
          || n.equals("setContextClassLoader");
    }
    // the policy, the providers and access control contexts; reading security properties is fine
    if (p instanceof SecurityPermission) return !n.startsWith("getProperty.");
    // MBeans can dump the heap, change VM flags and (on 17) load an agent; watching threads is fine
    if (p instanceof java.lang.management.ManagementPermission) return n.equals("control");
    if (p.getClass().getName().equals("javax.management.MBeanPermission")) return true;
    return p instanceof ReflectPermission && n.equals("suppressAccessChecks");
  }

  /** All permissions, or (for students) all but the refused ones. */
  private static final class Everything extends PermissionCollection {
    private static final long serialVersionUID = 1L;
    private final boolean student;

    Everything(boolean student) {
      this.student = student;
      setReadOnly();
    }

    @Override
    public void add(Permission permission) {
      throw new SecurityException("read-only");
    }

    @Override
    public boolean implies(Permission permission) {
      return !student || !refused(permission);
    }

    @Override
    public Enumeration<Permission> elements() {
      return Collections.emptyEnumeration();
    }
  }
}
