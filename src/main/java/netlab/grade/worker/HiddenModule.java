package netlab.grade.worker;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The hidden tests of one run as a named module, {@code netlab.hidden}, in a module layer of
 * their own. Their classes were moved into the package {@value Relocation#PACKAGE} when they were
 * prepared; they still call the student's classes in the default package, which this module's
 * loader finds through its parent, the {@link StudentLoader}.
 *
 * <p>Why a module: in the unnamed module the student's code could reflect on a test's fields and
 * change what it compares against. This module opens its package to the grader (JUnit must
 * create and call the tests) and to no one else, and its class files are not readable as
 * resources: the reader below hands bytes to the class loader only.
 */
final class HiddenModule {
  static final String NAME = "netlab.hidden";

  private HiddenModule() {}

  /** Defines the module; returns its class loader. {@code classes}: binary name → class file. */
  static ClassLoader define(Map<String, byte[]> classes, StudentLoader student) {
    Module grader = HiddenModule.class.getModule();
    ModuleDescriptor descriptor = ModuleDescriptor.newModule(NAME)
        .requires("java.se")
        .requires(grader.getName() == null ? "java.base" : grader.getName())
        .opens(Set.of(), Relocation.PACKAGE, grader.getName() == null ? Set.of() : Set.of(grader.getName()))
        .packages(Set.of(Relocation.PACKAGE))
        .build();
    ModuleReference ref = new ModuleReference(descriptor, null) {
      @Override
      public ModuleReader open() {
        return new ClassesOnly(classes);
      }
    };
    ModuleFinder finder = new ModuleFinder() {
      @Override
      public Optional<ModuleReference> find(String name) {
        return NAME.equals(name) ? Optional.of(ref) : Optional.empty();
      }

      @Override
      public Set<ModuleReference> findAll() {
        return Set.of(ref);
      }
    };
    ModuleLayer parent = grader.getLayer() == null ? ModuleLayer.boot() : grader.getLayer();
    Configuration cf = parent.configuration().resolve(finder, ModuleFinder.of(), Set.of(NAME));
    ModuleLayer.Controller layer = ModuleLayer.defineModulesWithOneLoader(cf, List.of(parent), student);
    Module hidden = layer.layer().findModule(NAME).orElseThrow();
    layer.addReads(hidden, student.getUnnamedModule());
    // like code in the unnamed module, the tests read every module the JVM has (jdk.management…)
    for (Module m : ModuleLayer.boot().modules()) layer.addReads(hidden, m);
    // the tests use JUnit's API and the test helpers: exported to them alone, never to students
    if (grader.isNamed()) {
      for (String p : testPackages(grader)) grader.addExports(p, hidden);
    }
    return layer.layer().findLoader(NAME);
  }

  /** Packages a hidden test may use: JUnit's API (not its engine), opentest4j, the lab's test API and helpers. */
  private static final List<String> TEST_API = List.of("org.junit.jupiter.api", "org.junit.jupiter.params",
      "org.opentest4j", "org.apiguardian.api", "netlab.grade.api", "netlab.grade.support");
  private static volatile List<String> testPackages;

  private static List<String> testPackages(Module grader) {
    List<String> found = testPackages;
    if (found == null) {
      found = grader.getPackages().stream()
          .filter(p -> TEST_API.stream().anyMatch(api -> p.equals(api) || p.startsWith(api + ".")))
          .sorted().toList();
      testPackages = found;
    }
    return found;
  }

  /** Serves class bytes to the defining loader (read) and nothing to anyone asking for resources. */
  private static final class ClassesOnly implements ModuleReader {
    private final Map<String, byte[]> classes;

    ClassesOnly(Map<String, byte[]> classes) {
      this.classes = classes;
    }

    @Override
    public Optional<ByteBuffer> read(String name) {
      if (!name.endsWith(".class")) return Optional.empty();
      byte[] b = classes.get(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
      return b == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(b));
    }

    @Override
    public Optional<URI> find(String name) {
      return Optional.empty();
    }

    @Override
    public Optional<java.io.InputStream> open(String name) {
      return Optional.empty();
    }

    @Override
    public Stream<String> list() {
      return Stream.empty();
    }

    @Override
    public void close() {
      // nothing held
    }
  }
}
