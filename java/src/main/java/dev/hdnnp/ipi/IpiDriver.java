package dev.hdnnp.ipi;

import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Units;

import java.io.IOException;
import java.nio.channels.ByteChannel;

/**
 * An i-PI client ("driver"): answers the server's STATUS, INIT, POSDATA and GETFORCE messages
 * until it sends EXIT or closes the connection.
 *
 * <p>The protocol: the server asks STATUS, the client replies NEEDINIT (before the first INIT),
 * READY or HAVEDATA. INIT carries a bead index (int32) and a byte string; POSDATA carries the cell
 * matrix h (9 float64, row-major, lattice vectors as columns), its inverse (9), the atom count
 * (int32) and the positions (3N); GETFORCE is answered with FORCEREADY, the energy, the atom
 * count, the forces (3N), the virial (9, row-major) and the length of an extra string (0 here).
 * Everything is in atomic units (bohr, hartree); the evaluator converts from the model's units.
 * The protocol carries no species: they come from the caller, in the server's atom order.
 * A cell of zeros (sent by ASE for a structure without one) means no periodicity.
 */
public final class IpiDriver {
    /** What a session did. */
    public record Session(long steps, long neighborListBuilds, long extrapolationWarnings, boolean exitReceived) {}

    /** Neighbour-list skin (bohr): lists are rebuilt when an atom moved half of it, or the cell changed. */
    static final double SKIN = 1.0;

    private final IpiChannel io;
    private final Evaluator evaluator;
    private final MovingSystem system;
    private final int n;
    private final double[] h = new double[9], hinv = new double[9], cell = new double[9];
    private final double[] positions;
    private final double[] forces;
    private final EvaluationResult result = new EvaluationResult();
    private double energy;
    private final double[] virial = new double[6];

    /**
     * @param channel   a connected, blocking channel to the server
     * @param evaluator the model's evaluator; its units are set to bohr and hartree here
     * @param species   element symbols of the server's atoms, in its order (all must be in the model)
     */
    public IpiDriver(ByteChannel channel, Evaluator evaluator, String[] species) {
        Model m = evaluator.model();
        for (int i = 0; i < species.length; i++) {
            if (m.elementIndex(species[i]) < 0)
                throw new IllegalArgumentException("atom " + (i + 1) + ": element " + species[i] + " is not in the model (elements "
                        + String.join(" ", m.elements()) + ")");
        }
        this.io = new IpiChannel(channel);
        this.evaluator = evaluator;
        this.n = species.length;
        evaluator.setUnits("bohr", "hartree");
        double cutoff = m.cutoff() * Units.lengthFactor(m.lengthUnit(), "bohr") * (1 + 1e-12);
        this.system = new MovingSystem(species, m::elementIndex, cutoff, SKIN);
        this.positions = new double[3 * n];
        this.forces = new double[3 * n];
    }

    /** Serves until EXIT or until the server closes the connection between messages. */
    public Session run() throws IOException {
        boolean init = false, haveData = false;
        long steps = 0, warnings = 0;
        while (true) {
            IpiMessage msg = io.readMessage();
            if (msg == null) return new Session(steps, system.builds(), warnings, false);
            switch (msg) {
                case STATUS -> io.writeHeader(!init ? "NEEDINIT" : haveData ? "HAVEDATA" : "READY");
                case INIT -> {
                    io.readInt("INIT bead index");
                    int len = io.readInt("INIT string length");
                    if (len < 0) throw new IpiException("INIT: negative string length " + len);
                    io.skip(len, "INIT string");
                    init = true;
                }
                case POSDATA -> {
                    if (haveData) throw new IpiException("POSDATA received before the forces of the previous positions were fetched (GETFORCE)");
                    readPositions();
                    compute();
                    warnings += result.extrapolationWarnings;
                    steps++;
                    init = true;          // servers that skip INIT (ASE's SocketIOCalculator) send positions straight away
                    haveData = true;
                }
                case GETFORCE -> {
                    if (!haveData) throw new IpiException("GETFORCE received before any POSDATA");
                    sendForces();
                    haveData = false;
                }
                case EXIT -> {
                    return new Session(steps, system.builds(), warnings, true);
                }
            }
        }
    }

    private void readPositions() throws IOException {
        io.readDoubles(h, 9, "POSDATA cell");
        io.readDoubles(hinv, 9, "POSDATA inverse cell");
        int nat = io.readInt("POSDATA atom count");
        if (nat != n)
            throw new IpiException("POSDATA has " + nat + " atoms, the structure given to hdnnp serve has " + n);
        io.readDoubles(positions, 3 * n, "POSDATA positions");
        for (int k = 0; k < 9; k++) if (!Double.isFinite(h[k])) throw new IpiException("POSDATA: cell value " + h[k] + " is not finite");
        for (int k = 0; k < 3 * n; k++)
            if (!Double.isFinite(positions[k])) throw new IpiException("POSDATA: atom " + (k / 3 + 1) + " has a non-finite coordinate");
    }

    /** Energy, forces and virial of the current positions, in hartree and bohr. */
    private void compute() {
        boolean periodic = false;
        for (double v : h) periodic |= v != 0;
        if (periodic) {                           // rows = lattice vectors = columns of h
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) cell[3 * i + j] = h[3 * j + i];
        }
        system.update(positions, periodic ? cell : null);
        result.ensureCapacity(system.totalCount(), false, false);
        evaluator.compute(system, result);
        system.foldGhostForces(result.forces, forces);
        energy = result.energy;
        System.arraycopy(result.virial, 0, virial, 0, 6);
    }

    private void sendForces() throws IOException {
        io.writeHeader("FORCEREADY");
        io.begin(8 + 4 + 24L * n + 72 + 4);
        io.putDouble(energy);
        io.putInt(n);
        for (int k = 0; k < 3 * n; k++) io.putDouble(forces[k]);
        double xx = virial[0], yy = virial[1], zz = virial[2], xy = virial[3], xz = virial[4], yz = virial[5];
        io.putDouble(xx); io.putDouble(xy); io.putDouble(xz);   // symmetric: row- and column-major agree
        io.putDouble(xy); io.putDouble(yy); io.putDouble(yz);
        io.putDouble(xz); io.putDouble(yz); io.putDouble(zz);
        io.putInt(0);                             // no extra string
        io.send();
    }
}
