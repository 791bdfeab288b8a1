package dev.hdnnp.bridge;

import dev.hdnnp.TestData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java half of the C ABI: layouts against the real header, and the upcall stubs driven from Java. */
class BridgeTest {
    private static final Linker LINKER = Linker.nativeLinker();

    private static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        return Files.isDirectory(p.resolve("native")) ? p : p.getParent();
    }

    @Test
    void layoutsMatchTheCHeader() throws Exception {
        Path src = repo().resolve("native/tests/abi_layout.c");
        Assumptions.assumeTrue(Files.exists(src), "native sources not found");
        Path exe = Files.createTempFile("abi_layout", "");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-I" + repo().resolve("native/include"), "-I" + repo().resolve("native/src"),
                    src.toString(), "-o", exe.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no C compiler (cc): " + e.getMessage());
            return;
        }
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "cc failed: " + ccOut);
        Process run = new ProcessBuilder(exe.toString()).start();
        String c = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        run.waitFor();
        Files.deleteIfExists(exe);
        assertEquals(c, HdnnpJavaH.describe());
    }

    /** Installs the stubs into a table allocated here and calls them through downcalls, as C would. */
    @Test
    void upcallStubsComputeTheReferenceEnergy() throws Throwable {
        Path dir = TestData.shared("reference/n2p2/H2O_RPBE-D3/edge-cases/dimer_nonperiodic");
        Path pot = TestData.shared("reference/n2p2/H2O_RPBE-D3/potential");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(1024);
            MemorySegment table = arena.allocate(HdnnpJavaH.hdnnp_java_table);
            table.set(JAVA_INT, 0, 999);
            table.set(JAVA_INT, 4, HdnnpJavaH.HDNNP_JAVA_ABI_VERSION);
            assertEquals(HdnnpJavaH.HDNNP_E_VERSION, Bridge.install(table.address(), err.address(), err.byteSize()));
            assertTrue(err.getString(0).contains("ABI version"), err.getString(0));
            table.set(JAVA_INT, 0, (int) HdnnpJavaH.hdnnp_java_table.byteSize());
            assertEquals(HdnnpJavaH.HDNNP_OK, Bridge.install(table.address(), err.address(), err.byteSize()));

            MethodHandle load = entry(table, "model_load", HdnnpJavaH.model_load);
            MethodHandle compute = entry(table, "compute", HdnnpJavaH.compute);
            MethodHandle free = entry(table, "model_free", HdnnpJavaH.model_free);

            MemorySegment handle = arena.allocate(JAVA_LONG);
            int st = (int) load.invokeExact(arena.allocateFrom("/nonexistent/model"), MemorySegment.NULL, handle, err,
                    err.byteSize());
            assertEquals(HdnnpJavaH.HDNNP_E_INPUT, st);
            assertTrue(err.getString(0).contains("/nonexistent/model"), err.getString(0));

            MemorySegment opts = arena.allocate(HdnnpJavaH.hdnnp_model_options);
            opts.set(JAVA_INT, 0, (int) HdnnpJavaH.hdnnp_model_options.byteSize());
            opts.set(JAVA_INT, 4, 1);
            opts.set(ADDRESS, 8, arena.allocateFrom("bohr"));
            opts.set(ADDRESS, 16, arena.allocateFrom("hartree"));
            st = (int) load.invokeExact(arena.allocateFrom(pot.toString()), opts, handle, err, err.byteSize());
            assertEquals(HdnnpJavaH.HDNNP_OK, st, () -> err.getString(0));
            long h = handle.get(JAVA_LONG, 0);

            // the non-periodic dimer: all atoms are neighbours of all others (bohr, hartree)
            List<double[]> xs = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("input.data"))) {
                String[] w = line.trim().split("\\s+");
                if (!w[0].equals("atom")) continue;
                xs.add(new double[]{Double.parseDouble(w[1]), Double.parseDouble(w[2]), Double.parseDouble(w[3])});
                types.add(w[4].equals("H") ? 1 : 2);
            }
            int n = xs.size();
            MemorySegment x = arena.allocate(JAVA_DOUBLE, 3L * n), type = arena.allocate(JAVA_INT, n),
                    ilist = arena.allocate(JAVA_INT, n), numneigh = arena.allocate(JAVA_INT, n),
                    firstneigh = arena.allocate(ADDRESS, n), map = arena.allocate(JAVA_INT, 3),
                    f = arena.allocate(JAVA_DOUBLE, 3L * n);
            map.setAtIndex(JAVA_INT, 0, -1);
            map.setAtIndex(JAVA_INT, 1, 0); // H
            map.setAtIndex(JAVA_INT, 2, 1); // O
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < 3; d++) x.setAtIndex(JAVA_DOUBLE, 3L * i + d, xs.get(i)[d]);
                type.setAtIndex(JAVA_INT, i, types.get(i));
                ilist.setAtIndex(JAVA_INT, i, i);
                numneigh.setAtIndex(JAVA_INT, i, n - 1);
                MemorySegment nb = arena.allocate(JAVA_INT, n - 1);
                for (int j = 0, k = 0; j < n; j++) if (j != i) nb.setAtIndex(JAVA_INT, k++, j);
                firstneigh.setAtIndex(ADDRESS, i, nb);
            }
            MemorySegment rq = arena.allocate(HdnnpJavaH.hdnnp_request), rs = arena.allocate(HdnnpJavaH.hdnnp_result);
            var R = HdnnpJavaH.hdnnp_request;
            rq.set(JAVA_INT, HdnnpJavaH.offset(R, "struct_size"), (int) R.byteSize());
            rq.set(JAVA_INT, HdnnpJavaH.offset(R, "nlocal"), n);
            rq.set(JAVA_INT, HdnnpJavaH.offset(R, "nall"), n);
            rq.set(JAVA_INT, HdnnpJavaH.offset(R, "inum"), n);
            rq.set(JAVA_INT, HdnnpJavaH.offset(R, "ntypes"), 2);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "x"), x);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "type"), type);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "type_to_element"), map);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "ilist"), ilist);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "numneigh"), numneigh);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "firstneigh"), firstneigh);
            rs.set(JAVA_INT, 0, (int) HdnnpJavaH.hdnnp_result.byteSize());
            rs.set(ADDRESS, HdnnpJavaH.offset(HdnnpJavaH.hdnnp_result, "f"), f);

            st = (int) compute.invokeExact(h, rq, rs, err, err.byteSize());
            assertEquals(HdnnpJavaH.HDNNP_OK, st, () -> err.getString(0));
            double energy = rs.get(JAVA_DOUBLE, HdnnpJavaH.offset(HdnnpJavaH.hdnnp_result, "energy"));
            double ref = Double.NaN;
            for (String line : Files.readAllLines(dir.resolve("energy.out"))) {
                if (line.startsWith("#") || line.isBlank()) continue;
                ref = Double.parseDouble(line.trim().split("\\s+")[3]);
                break;
            }
            assertEquals(ref, energy, 1e-12 * Math.abs(ref));
            double sum = 0;
            for (int k = 0; k < 3 * n; k++) sum += f.getAtIndex(JAVA_DOUBLE, k);
            assertEquals(0.0, sum, 1e-12, "forces of an isolated system sum to zero");

            // a second call accumulates
            st = (int) compute.invokeExact(h, rq, rs, err, err.byteSize());
            assertEquals(HdnnpJavaH.HDNNP_OK, st);
            assertEquals(2 * ref, rs.get(JAVA_DOUBLE, HdnnpJavaH.offset(HdnnpJavaH.hdnnp_result, "energy")),
                    2e-12 * Math.abs(ref));

            // an element index the model does not have
            map.setAtIndex(JAVA_INT, 2, 5);
            st = (int) compute.invokeExact(h, rq, rs, err, err.byteSize());
            assertEquals(HdnnpJavaH.HDNNP_E_MODEL, st);

            assertEquals(HdnnpJavaH.HDNNP_OK, (int) free.invokeExact(h, err, err.byteSize()));
            assertEquals(HdnnpJavaH.HDNNP_E_STATE, (int) free.invokeExact(h, err, err.byteSize()));
            assertEquals(HdnnpJavaH.HDNNP_E_STATE, (int) compute.invokeExact(h, rq, rs, err, err.byteSize()));
        }
    }

    /**
     * Through the upcall stubs, as C calls them: the unit factors follow one convention (model unit
     * = caller unit × factor, checked against CODATA 2018 constants), a NaN or infinite coordinate
     * is an error naming the atom, two atoms on one site an error naming both, and the result
     * arrays are untouched by a failed call.
     */
    @Test
    void upcallsReportUnitsAndRefuseNonFiniteOrCoincidentAtoms() throws Throwable {
        Path pot = TestData.shared("reference/n2p2/H2O_RPBE-D3/potential");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(1024);
            MemorySegment table = arena.allocate(HdnnpJavaH.hdnnp_java_table);
            table.set(JAVA_INT, 0, (int) HdnnpJavaH.hdnnp_java_table.byteSize());
            table.set(JAVA_INT, 4, HdnnpJavaH.HDNNP_JAVA_ABI_VERSION);
            assertEquals(HdnnpJavaH.HDNNP_OK, Bridge.install(table.address(), err.address(), err.byteSize()));
            MethodHandle load = entry(table, "model_load", HdnnpJavaH.model_load);
            MethodHandle info = entry(table, "model_info", HdnnpJavaH.model_info);
            MethodHandle units = entry(table, "set_caller_units", HdnnpJavaH.set_caller_units);
            MethodHandle compute = entry(table, "compute", HdnnpJavaH.compute);
            MethodHandle free = entry(table, "model_free", HdnnpJavaH.model_free);

            var O = HdnnpJavaH.hdnnp_model_options;
            MemorySegment opts = arena.allocate(O);
            opts.set(JAVA_INT, HdnnpJavaH.offset(O, "struct_size"), (int) O.byteSize());
            opts.set(JAVA_INT, HdnnpJavaH.offset(O, "threads"), 100000);
            opts.set(ADDRESS, HdnnpJavaH.offset(O, "length_unit"), arena.allocateFrom("bohr"));
            opts.set(ADDRESS, HdnnpJavaH.offset(O, "energy_unit"), arena.allocateFrom("hartree"));
            MemorySegment handle = arena.allocate(JAVA_LONG);
            // a string read is bounded: 70000 bytes before the NUL is refused, not scanned
            MemorySegment longPath = arena.allocate(70001);
            longPath.fill((byte) 'a');
            longPath.set(JAVA_BYTE, 70000, (byte) 0);
            assertEquals(HdnnpJavaH.HDNNP_E_ARGUMENT, (int) load.invokeExact(longPath, opts, handle, err, err.byteSize()));
            assertTrue(err.getString(0).contains("no terminating NUL within"), err.getString(0));
            MemorySegment path = arena.allocateFrom(pot.toString());
            assertEquals(HdnnpJavaH.HDNNP_E_ARGUMENT, (int) load.invokeExact(path, opts, handle, err, err.byteSize()));
            assertTrue(err.getString(0).contains("between 1 and " + HdnnpJavaH.HDNNP_MAX_THREADS), err.getString(0));
            opts.set(JAVA_INT, HdnnpJavaH.offset(O, "threads"), 1);
            assertEquals(HdnnpJavaH.HDNNP_OK, (int) load.invokeExact(path, opts, handle, err, err.byteSize()),
                    () -> err.getString(0));
            long h = handle.get(JAVA_LONG, 0);

            assertEquals(HdnnpJavaH.HDNNP_OK, (int) units.invokeExact(h, arena.allocateFrom("angstrom"),
                    arena.allocateFrom("eV"), err, err.byteSize()), () -> err.getString(0));
            var I = HdnnpJavaH.hdnnp_model_info;
            MemorySegment in = arena.allocate(I);
            in.set(JAVA_INT, 0, (int) I.byteSize());
            assertEquals(HdnnpJavaH.HDNNP_OK, (int) info.invokeExact(h, in, err, err.byteSize()));
            double bohrInAngstrom = 0.529177210903, hartreeInEv = 27.211386245988; // CODATA 2018
            assertEquals(1 / bohrInAngstrom, in.get(JAVA_DOUBLE, HdnnpJavaH.offset(I, "length_to_model")), 1e-12);
            assertEquals(1 / hartreeInEv, in.get(JAVA_DOUBLE, HdnnpJavaH.offset(I, "energy_to_model")), 1e-14);
            assertEquals(in.get(JAVA_DOUBLE, HdnnpJavaH.offset(I, "cutoff")) * bohrInAngstrom,
                    in.get(JAVA_DOUBLE, HdnnpJavaH.offset(I, "cutoff_caller")), 1e-12);

            // O at the origin, H 0.96 Å away: each the other's neighbour
            MemorySegment x = arena.allocateFrom(JAVA_DOUBLE, 0, 0, 0, 0.96, 0, 0);
            MemorySegment type = arena.allocateFrom(JAVA_INT, 2, 1), ilist = arena.allocateFrom(JAVA_INT, 0, 1),
                    numneigh = arena.allocateFrom(JAVA_INT, 1, 1), map = arena.allocateFrom(JAVA_INT, -1, 0, 1),
                    n0 = arena.allocateFrom(JAVA_INT, 1), n1 = arena.allocateFrom(JAVA_INT, 0),
                    firstneigh = arena.allocate(ADDRESS, 2), f = arena.allocate(JAVA_DOUBLE, 6);
            firstneigh.setAtIndex(ADDRESS, 0, n0);
            firstneigh.setAtIndex(ADDRESS, 1, n1);
            var R = HdnnpJavaH.hdnnp_request;
            MemorySegment rq = arena.allocate(R), rs = arena.allocate(HdnnpJavaH.hdnnp_result);
            rq.set(JAVA_INT, HdnnpJavaH.offset(R, "struct_size"), (int) R.byteSize());
            for (String n : new String[]{"nlocal", "nall", "inum", "ntypes"}) rq.set(JAVA_INT, HdnnpJavaH.offset(R, n), 2);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "x"), x);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "type"), type);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "type_to_element"), map);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "ilist"), ilist);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "numneigh"), numneigh);
            rq.set(ADDRESS, HdnnpJavaH.offset(R, "firstneigh"), firstneigh);
            rs.set(JAVA_INT, 0, (int) HdnnpJavaH.hdnnp_result.byteSize());
            rs.set(ADDRESS, HdnnpJavaH.offset(HdnnpJavaH.hdnnp_result, "f"), f);
            assertEquals(HdnnpJavaH.HDNNP_OK, (int) compute.invokeExact(h, rq, rs, err, err.byteSize()), () -> err.getString(0));
            double fx = f.getAtIndex(JAVA_DOUBLE, 0);
            assertEquals(0.0, fx + f.getAtIndex(JAVA_DOUBLE, 3), 1e-12, "Newton's third law");

            for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY}) {
                x.setAtIndex(JAVA_DOUBLE, 4, bad);
                assertEquals(HdnnpJavaH.HDNNP_E_ARGUMENT, (int) compute.invokeExact(h, rq, rs, err, err.byteSize()));
                assertTrue(err.getString(0).startsWith("atom 1 ") && err.getString(0).contains("non-finite"), err.getString(0));
            }
            x.setAtIndex(JAVA_DOUBLE, 4, 0);
            x.setAtIndex(JAVA_DOUBLE, 3, 0);
            assertEquals(HdnnpJavaH.HDNNP_E_COMPUTE, (int) compute.invokeExact(h, rq, rs, err, err.byteSize()));
            assertTrue(err.getString(0).contains("atoms 0 and 1 are at the same position"), err.getString(0));
            assertEquals(fx, f.getAtIndex(JAVA_DOUBLE, 0), 0.0, "a failed call leaves the forces alone");
            assertEquals(HdnnpJavaH.HDNNP_OK, (int) free.invokeExact(h, err, err.byteSize()));
        }
    }

    /** A segment over caller memory is re-made only when the address or size changes. */
    @Test
    void boundedSegmentsAreReusedWhileNothingChanges() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(64);
            MemorySegment v = LammpsSystem.view(MemorySegment.NULL, a.address(), 48);
            assertEquals(48, v.byteSize());
            assertTrue(v == LammpsSystem.view(v, a.address(), 48));
            assertEquals(32, LammpsSystem.view(v, a.address(), 32).byteSize());
            assertEquals(MemorySegment.NULL, LammpsSystem.view(v, 0, 48));
            org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                    () -> v.get(JAVA_DOUBLE, 48));
        }
    }

    private static MethodHandle entry(MemorySegment table, String name, java.lang.foreign.FunctionDescriptor fd) {
        MemorySegment fn = table.get(ADDRESS, HdnnpJavaH.offset(HdnnpJavaH.hdnnp_java_table, name));
        assertTrue(!fn.equals(MemorySegment.NULL), name + " not installed");
        return LINKER.downcallHandle(fn, fd);
    }
}
