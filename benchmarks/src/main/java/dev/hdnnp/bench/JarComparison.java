package dev.hdnnp.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Paired timing of two builds of the project in one JVM: each jar is loaded by its own class
 * loader and runs the {@link dev.hdnnp.potential.Evaluator} of its own classes on the same
 * structure, alternating call by call, so both see the same load on a shared machine. Prints the
 * median of the per-round ratios old/new (above 1: the new build is faster) and both energies.
 * Needs nothing of the project on the class path; reach it through reflection only.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/classes
 * dev.hdnnp.bench.JarComparison OLD.jar NEW.jar /path/to/shared [rounds] [threads] [potential]}
 * with potential H2O_RPBE-D3 (default, 1080 atoms) or DMABN_SCAN; with a seventh argument
 * {@code committee} both builds run a committee of four members sharing the descriptors (the
 * model and three copies with perturbed weights), as {@link CommitteeCost}.
 */
public final class JarComparison {
    public static void main(String[] args) throws Exception {
        Path oldJar = Path.of(args[0]), newJar = Path.of(args[1]);
        Path shared = Path.of(args.length > 2 ? args[2] : "../shared");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        String potential = args.length > 5 ? args[5] : "H2O_RPBE-D3";
        Path dir = shared.resolve("reference/n2p2").resolve(potential);
        boolean committee = args.length > 6 && args[6].equals("committee");
        Build a = new Build(oldJar, dir, threads, committee), b = new Build(newJar, dir, threads, committee);
        // enough calls per timing for ~0.1 s on a small structure
        a.call(1);
        long t = System.nanoTime();
        a.call(1);
        int reps = (int) Math.max(1, Math.min(1000, 1e8 / Math.max(1, System.nanoTime() - t)));
        for (int w = 0; w < 5; w++) { a.call(reps); b.call(reps); }
        double[] ta = new double[rounds], tb = new double[rounds], ratio = new double[rounds];
        for (int q = 0; q < rounds; q++) {
            // alternate which build goes first, so neither always follows the other
            if (q % 2 == 0) { ta[q] = a.call(reps); tb[q] = b.call(reps); }
            else { tb[q] = b.call(reps); ta[q] = a.call(reps); }
            ratio[q] = ta[q] / tb[q];
        }
        System.out.printf("%s%s, %d threads, %d calls per timing: old median %.2f ms/call, new median %.2f ms/call%n",
                potential, committee ? " (committee of 4)" : "", threads, reps, median(ta), median(tb));
        System.out.printf("old/new: median of paired ratios %.3f (min %.3f, max %.3f); min/min %.3f%n",
                median(ratio), Arrays.stream(ratio).min().orElseThrow(), Arrays.stream(ratio).max().orElseThrow(),
                Arrays.stream(ta).min().orElseThrow() / Arrays.stream(tb).min().orElseThrow());
        if (committee) return;
        System.out.printf("energy old %.17g new %.17g (relative difference %.2e)%n", a.energy(), b.energy(),
                Math.abs(a.energy() - b.energy()) / Math.abs(a.energy()));
        System.out.printf("max |F| difference / max |F|: %.2e%n", a.forceDifference(b));
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    /** One jar's evaluator on the structure, driven by reflection. */
    static final class Build {
        final Object evaluator, system, result;
        final Method compute;
        final Field energy, forces;
        final int count;

        Build(Path jar, Path dir, int threads, boolean committee) throws Exception {
            ClassLoader cl = new URLClassLoader(new URL[]{jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> potential = cl.loadClass("dev.hdnnp.io.N2p2Potential");
            Class<?> data = cl.loadClass("dev.hdnnp.io.InputDataFormat");
            Class<?> model = cl.loadClass("dev.hdnnp.potential.Model");
            Class<?> structure = cl.loadClass("dev.hdnnp.structure.Structure");
            Class<?> list = cl.loadClass("dev.hdnnp.neighbor.NeighborList");
            Class<?> evaluatorClass = cl.loadClass("dev.hdnnp.potential.Evaluator");
            Class<?> resultClass = cl.loadClass("dev.hdnnp.potential.EvaluationResult");
            Class<?> systemClass = cl.loadClass("dev.hdnnp.neighbor.AtomicSystem");
            Object m = potential.getMethod("read", Path.class, String.class, String.class).invoke(null, dir.resolve("potential"), "bohr", "hartree");
            Object s = ((List<?>) data.getMethod("read", Path.class).invoke(null, dir.resolve("single/input.data"))).get(0);
            Method elementIndex = model.getMethod("elementIndex", String.class);
            ToIntFunction<String> index = sym -> {
                try {
                    return (int) elementIndex.invoke(m, sym);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
            double cutoff = (double) model.getMethod("cutoff").invoke(m);
            system = list.getMethod("build", structure, double.class, ToIntFunction.class).invoke(null, s, cutoff, index);
            if (committee) {
                Class<?> net = cl.loadClass("dev.hdnnp.nn.NeuralNetwork");
                Class<?> committeeClass = cl.loadClass("dev.hdnnp.potential.Committee");
                evaluatorClass = cl.loadClass("dev.hdnnp.potential.CommitteeEvaluator");
                resultClass = cl.loadClass("dev.hdnnp.potential.CommitteeResult");
                List<Object> members = new java.util.ArrayList<>(List.of(m));
                java.util.Random rnd = new java.util.Random(1);
                for (int k = 1; k < 4; k++) {
                    List<Object> nets = new java.util.ArrayList<>();
                    for (Object n : (List<?>) model.getMethod("networks").invoke(m)) {
                        Object copy = net.getMethod("copy").invoke(n);
                        double[] p = (double[]) net.getMethod("parameters").invoke(copy);
                        for (int q = 0; q < p.length; q++) p[q] *= 1 + 0.02 * rnd.nextGaussian();
                        nets.add(copy);
                    }
                    members.add(model.getMethod("withNetworks", List.class, java.util.Map.class).invoke(m, nets, null));
                }
                Object comm = committeeClass.getConstructor(List.class).newInstance(members);
                evaluator = evaluatorClass.getConstructor(committeeClass, int.class).newInstance(comm, threads);
                result = resultClass.getConstructor(int.class).newInstance(4);
                compute = evaluatorClass.getMethod("compute", systemClass, resultClass);
                energy = null;
                forces = null;
            } else {
                Constructor<?> c = evaluatorClass.getConstructor(model, int.class);
                evaluator = c.newInstance(m, threads);
                result = resultClass.getConstructor().newInstance();
                compute = evaluatorClass.getMethod("compute", systemClass, resultClass);
                energy = resultClass.getField("energy");
                forces = resultClass.getField("forces");
            }
            count = (int) systemClass.getMethod("totalCount").invoke(system);
        }

        /** Milliseconds per call, over {@code reps} calls. */
        double call(int reps) throws Exception {
            long t = System.nanoTime();
            for (int r = 0; r < reps; r++) compute.invoke(evaluator, system, result);
            return (System.nanoTime() - t) * 1e-6 / reps;
        }

        double energy() throws Exception { return energy.getDouble(result); }

        double forceDifference(Build o) throws Exception {
            double[] f = (double[]) forces.get(result), g = (double[]) o.forces.get(o.result);
            double max = 0, diff = 0;
            for (int k = 0; k < 3 * count; k++) {
                max = Math.max(max, Math.abs(f[k]));
                diff = Math.max(diff, Math.abs(f[k] - g[k]));
            }
            return diff / max;
        }
    }
}
