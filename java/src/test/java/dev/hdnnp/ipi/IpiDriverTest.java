package dev.hdnnp.ipi;

import dev.hdnnp.TestData;
import dev.hdnnp.io.ModelResolver;
import dev.hdnnp.io.StructureFiles;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Units;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The i-PI wire format, against a small server written here from the protocol's description (the
 * byte layout ASE's and i-PI's servers use): energies, forces and virials that {@link IpiDriver}
 * sends equal an {@link Evaluator} called directly, converted to atomic units with {@link Units}.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IpiDriverTest {
    private static final double RTOL = 1e-12;

    /** The server side: writes headers and native-order values, reads the replies. */
    private static final class Server implements AutoCloseable {
        final SocketChannel ch;

        Server(SocketChannel ch) { this.ch = ch; }

        void header(String h) throws IOException {
            write(ByteBuffer.wrap(String.format("%-12s", h).getBytes(StandardCharsets.US_ASCII)));
        }

        String readHeader() throws IOException {
            return new String(read(12).array(), StandardCharsets.US_ASCII).strip();
        }

        ByteBuffer read(int n) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.nativeOrder());
            while (b.hasRemaining()) if (ch.read(b) < 0) throw new IOException("client closed");
            return b.flip();
        }

        void write(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) ch.write(b);
        }

        String status() throws IOException {
            header("STATUS");
            return readHeader();
        }

        void init() throws IOException {
            header("INIT");
            ByteBuffer b = ByteBuffer.allocate(11).order(ByteOrder.nativeOrder());
            b.putInt(0).putInt(3).put("abc".getBytes(StandardCharsets.US_ASCII));
            write(b.flip());
        }

        /** POSDATA of a structure in bohr: h has the lattice vectors as columns, row-major. */
        void posdata(double[] cellRows, double[] pos, int nat) throws IOException {
            header("POSDATA");
            ByteBuffer b = ByteBuffer.allocate(8 * 18 + 4 + 8 * pos.length).order(ByteOrder.nativeOrder());
            for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) b.putDouble(cellRows == null ? 0 : cellRows[3 * c + r]);
            for (int k = 0; k < 9; k++) b.putDouble(0);   // h^-1: the client computes what it needs from h
            b.putInt(nat);
            for (double v : pos) b.putDouble(v);
            write(b.flip());
        }

        record Forces(double energy, double[] forces, double[] virial) {}

        Forces getforce(int n) throws IOException {
            header("GETFORCE");
            assertEquals("FORCEREADY", readHeader());
            double e = read(8).getDouble();
            assertEquals(n, read(4).getInt());
            double[] f = new double[3 * n];
            read(24 * n).asDoubleBuffer().get(f);
            double[] v = new double[9];
            read(72).asDoubleBuffer().get(v);
            int extra = read(4).getInt();
            if (extra > 0) read(extra);
            return new Forces(e, f, v);
        }

        @Override
        public void close() throws IOException { ch.close(); }
    }

    private static Structure water48() throws IOException {
        return StructureFiles.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/structures/input.data")).get(1);
    }

    private static Model water() {
        return ModelResolver.resolve(TestData.shared("reference/n2p2/H2O_RPBE-D3/potential"), "bohr", "hartree", null);
    }

    /** Energy (1), forces (3n) and virial (9, row-major) of s, by the evaluator in the given caller units. */
    private static double[][] direct(Model m, Structure s, String lu, String eu) {
        try (Evaluator ev = new Evaluator(m, 1)) {
            ev.setUnits(lu, eu);
            double rc = m.cutoff() * Units.lengthFactor(m.lengthUnit(), lu) * (1 + 1e-12);
            NeighborList nl = NeighborList.build(s, rc, m::elementIndex);
            EvaluationResult r = new EvaluationResult();
            r.ensureCapacity(nl.totalCount(), false, false);
            ev.compute(nl, r);
            double[] f = new double[3 * s.size()];
            nl.foldGhostForces(r.forces, f);
            double[] w = r.virial;
            return new double[][]{{r.energy}, f, {w[0], w[3], w[4], w[3], w[1], w[5], w[4], w[5], w[2]}};
        }
    }

    private static void assertClose(double[] want, double[] got, double rtol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        double scale = 0, err = 0;
        for (int k = 0; k < want.length; k++) {
            scale = Math.max(scale, Math.abs(want[k]));
            err = Math.max(err, Math.abs(want[k] - got[k]));
        }
        assertTrue(err <= rtol * scale, what + ": max |diff| " + err + " > " + rtol + " x " + scale);
    }

    /** Runs the driver in a thread against one accepted connection, handing the server side to {@code session}. */
    private interface Session { void run(Server s) throws Exception; }

    private static IpiDriver.Session serve(ServerSocketChannel listener, IpiConnection where, Model m, String[] species, Session session)
            throws Exception {
        return serve(listener, where, m, species, 2, new long[1], session);
    }

    /** {@code clientThread[0]} receives the id of the thread the driver runs in. */
    private static IpiDriver.Session serve(ServerSocketChannel listener, IpiConnection where, Model m, String[] species, int threads,
                                           long[] clientThread, Session session) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Evaluator ev = new Evaluator(m, threads)) {
            clientThread[0] = pool.submit(() -> Thread.currentThread().threadId()).get();
            Future<IpiDriver.Session> client = pool.submit(() -> {
                try (SocketChannel ch = where.connect(Duration.ofSeconds(20))) {
                    return new IpiDriver(ch, ev, species).run();
                }
            });
            Exception serverFailure = null;
            try (Server s = new Server(listener.accept())) {
                session.run(s);
            } catch (Exception e) {
                serverFailure = e;                     // the client's own failure, if any, says more
            }
            IpiDriver.Session done = client.get(60, TimeUnit.SECONDS);
            if (serverFailure != null) throw serverFailure;
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tcpStepsMatchTheEvaluatorInAtomicUnits() throws Exception {
        Model m = water();                          // bohr/hartree: atomic units are the model's
        Structure s = water48();
        double[][] want = direct(m, s, "bohr", "hartree");
        // the second step: every atom moved by lattice vectors (same energy) and one atom displaced
        double[] moved = s.positions().clone();
        double[] c = s.cell();
        for (int i = 0; i < s.size(); i++) for (int d = 0; d < 3; d++) moved[3 * i + d] += (i % 3 - 1) * c[d] + (i % 2) * c[6 + d];
        moved[0] += 0.05;
        double[] shifted = s.positions().clone();
        shifted[0] += 0.05;
        double[][] want2 = direct(m, new Structure(s.species(), shifted, c, s.pbc()), "bohr", "hartree");

        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            IpiDriver.Session done = serve(listener, IpiConnection.tcp("127.0.0.1:" + port), m, s.species(), srv -> {
                assertEquals("NEEDINIT", srv.status());
                srv.init();
                assertEquals("READY", srv.status());
                srv.posdata(c, s.positions(), s.size());
                assertEquals("HAVEDATA", srv.status());
                Server.Forces f = srv.getforce(s.size());
                assertClose(want[0], new double[]{f.energy()}, RTOL, "energy");
                assertClose(want[1], f.forces(), RTOL, "forces");
                assertClose(want[2], f.virial(), RTOL, "virial");
                assertEquals("READY", srv.status());
                srv.posdata(c, moved, s.size());
                Server.Forces g = srv.getforce(s.size());
                assertClose(want2[0], new double[]{g.energy()}, RTOL, "energy, atoms moved by lattice vectors");
                assertClose(want2[1], g.forces(), 1e-10, "forces, atoms moved by lattice vectors");
                assertClose(want2[2], g.virial(), 1e-10, "virial, atoms moved by lattice vectors");
                srv.header("EXIT");
            });
            assertEquals(2, done.steps());
            assertEquals(2, done.neighborListBuilds(), "the lattice translations exceed the skin: a second build");
            assertTrue(done.exitReceived());
        }
    }

    @Test
    void unixSocketAndUnitConversionOfAnAngstromEvModel() throws Exception {
        Model m = ModelResolver.resolve(TestData.shared("reference/n2p2/Cu2S_PBE/potential"), "angstrom", "eV", null);
        Structure s = StructureFiles.read(TestData.shared("reference/n2p2/Cu2S_PBE/structures/input.data")).get(0);
        double[][] want = direct(m, s, "angstrom", "eV");
        double[] bohrPos = s.positions().clone(), bohrCell = s.cell().clone();
        for (int k = 0; k < bohrPos.length; k++) bohrPos[k] /= Units.BOHR;
        for (int k = 0; k < 9; k++) bohrCell[k] /= Units.BOHR;

        Path dir = Files.createTempDirectory("ipi");
        Path sock = dir.resolve("socket");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(sock));
            IpiDriver.Session done = serve(listener, IpiConnection.unix(sock.toString()), m, s.species(), srv -> {
                srv.posdata(bohrCell, bohrPos, s.size());   // like ASE: positions without INIT
                assertEquals("HAVEDATA", srv.status());
                Server.Forces f = srv.getforce(s.size());
                double[] f_eVA = f.forces().clone(), w_eV = f.virial().clone();
                for (int k = 0; k < f_eVA.length; k++) f_eVA[k] *= Units.HARTREE / Units.BOHR;
                for (int k = 0; k < 9; k++) w_eV[k] *= Units.HARTREE;
                assertClose(want[0], new double[]{f.energy() * Units.HARTREE}, RTOL, "energy (hartree -> eV)");
                assertClose(want[1], f_eVA, RTOL, "forces (hartree/bohr -> eV/angstrom)");
                assertClose(want[2], w_eV, RTOL, "virial (hartree -> eV)");
            });                                          // closing the connection ends the session
            assertEquals(1, done.steps());
            assertTrue(!done.exitReceived(), "closing the connection ends the session without EXIT");
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void stepsWithinTheSkinReuseTheListExactlyAndAllocateNothing() throws Exception {
        Model m = water();
        Structure s = water48();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int steps = 100; // warm-up, then four windows of 20 steps
        double amplitude = 0.1 * IpiDriver.SKIN;          // moves of at most 2·√3·0.1 = 0.35 skin: within half the skin
        long[] allocated = new long[5];
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            long[] clientThread = new long[1];
            IpiDriver.Session done = serve(listener, IpiConnection.tcp("127.0.0.1:" + port), m, s.species(), 1, clientThread, srv -> {
                for (int t = 0; t < steps; t++) {
                    double[] p = s.positions().clone();
                    for (int k = 0; k < p.length; k++) p[k] += amplitude * Math.sin(0.7 * t + 1.3 * k);
                    srv.posdata(s.cell(), p, s.size());
                    Server.Forces f = srv.getforce(s.size());
                    double[][] want = direct(m, new Structure(s.species(), p, s.cell(), s.pbc()), "bohr", "hartree");
                    assertClose(want[0], new double[]{f.energy()}, RTOL, "energy, step " + t);
                    assertClose(want[1], f.forces(), 1e-12, "forces, step " + t);
                    assertClose(want[2], f.virial(), 1e-12, "virial, step " + t);
                    // the client waits for the next message now: its allocation counter is still
                    if (t % 20 == 19) allocated[t / 20] = threads.getThreadAllocatedBytes(clientThread[0]);
                }
                srv.header("EXIT");
            });
            assertEquals(steps, done.steps());
            assertEquals(1, done.neighborListBuilds(), "no atom left half the skin: one build");
            // as ForcePathAllocatesNothingTest: a JIT recompilation may allocate once; a per-step
            // allocation shows in every window, so the quietest window must be exactly zero
            long quietest = Long.MAX_VALUE;
            for (int w = 1; w < allocated.length; w++) quietest = Math.min(quietest, allocated[w] - allocated[w - 1]);
            assertEquals(0, quietest, "bytes the client allocated in the quietest 20 steady-state steps");
        }
    }

    @Test
    void aCellOfZerosMeansNoPeriodicity() throws Exception {
        Model m = water();
        String[] species = {"O", "H", "H"};
        double[] pos = {0, 0, 0, 1.81, 0.1, 0, -0.45, 1.76, 0.2};       // bohr
        double[][] want = direct(m, new Structure(species, pos, null, null), "bohr", "hartree");
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            IpiDriver.Session done = serve(listener, IpiConnection.tcp("127.0.0.1:" + port), m, species, srv -> {
                srv.posdata(null, pos, 3);                                // ASE sends zeros for a molecule
                Server.Forces f = srv.getforce(3);
                assertClose(want[0], new double[]{f.energy()}, RTOL, "energy");
                assertClose(want[1], f.forces(), RTOL, "forces");
                assertClose(want[2], f.virial(), RTOL, "virial");
                srv.header("EXIT");
            });
            assertEquals(1, done.steps());
        }
    }

    @Test
    void protocolErrorsNameWhatWasExpected() throws Exception {
        Model m = water();
        String[] species = {"O", "H", "H"};
        double[] pos = {0, 0, 0, 1.8, 0, 0, -0.45, 1.75, 0};
        for (String bad : new String[]{"count", "header", "truncated", "order"}) {
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.bind(new InetSocketAddress("127.0.0.1", 0));
                int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
                Exception e = assertThrows(Exception.class, () -> serve(listener, IpiConnection.tcp("127.0.0.1:" + port), m, species, srv -> {
                    switch (bad) {
                        case "count" -> srv.posdata(null, Arrays.copyOf(pos, 6), 2);
                        case "header" -> srv.header("HELLO");
                        case "truncated" -> {
                            srv.header("POSDATA");
                            srv.ch.shutdownOutput();          // the cell never comes
                        }
                        default -> srv.header("GETFORCE");
                    }
                    srv.read(1);                          // waits until the client gives up and closes
                }));
                Throwable cause = e.getCause() instanceof IpiException ? e.getCause() : e;
                String msg = cause.getMessage();
                String expected = switch (bad) {
                    case "count" -> "POSDATA has 2 atoms, the structure given to hdnnp serve has 3";
                    case "header" -> "unexpected message 'HELLO'";
                    case "truncated" -> "connection closed while reading POSDATA cell";
                    default -> "GETFORCE received before any POSDATA";
                };
                assertTrue(cause instanceof IpiException && msg.contains(expected), bad + ": " + cause);
            }
        }
    }

    @Test
    void addressesAreCheckedWithClearMessages() {
        assertEquals("tcp localhost:31415", IpiConnection.tcp("localhost:31415").description());
        assertEquals("tcp ::1:3141", IpiConnection.tcp("[::1]:3141").description());
        assertEquals("unix socket /tmp/ipi_water", IpiConnection.unix("water").description());
        for (String bad : new String[]{"localhost", "localhost:", ":31415", "host:0", "host:port", "host:70000"})
            assertThrows(IllegalArgumentException.class, () -> IpiConnection.tcp(bad), bad);
        assertThrows(IllegalArgumentException.class, () -> IpiConnection.unix(""));
    }
}
