package dev.hdnnp.descriptor;

/**
 * Whether the SIMD loops of {@link AngularVectorLoops} can run: the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (LAMMPS's JVM, the tests and the benchmarks are)
 * and {@code -Dhdnnp.kernel.scalar=true} was not given. Without the module the scalar loops,
 * which give the same numbers up to rounding, run instead. This class refers to no incubator
 * type, so it loads on every JVM.
 */
public final class VectorSupport {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("hdnnp.kernel.scalar");

    private VectorSupport() {}

    /** True when the SIMD kernel loops are used. */
    public static boolean enabled() { return AVAILABLE; }
}
