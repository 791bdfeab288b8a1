package dev.hdnnp.ipi;

import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.neighbor.AtomicSystem;
import dev.hdnnp.structure.Structure;

import java.util.function.ToIntFunction;

/**
 * Atoms that move from step to step, with a neighbour list (and its ghost images) built with a skin
 * and kept while no atom has moved more than half the skin and the cell is unchanged — LAMMPS's
 * Verlet-list rule, which guarantees that every pair within the cutoff is listed. Between rebuilds
 * the positions of atoms and ghosts are updated in place (a ghost keeps its lattice translation from
 * its owner), so a step allocates nothing. The evaluator filters pairs by exact distance.
 */
final class MovingSystem implements AtomicSystem {
    private final String[] species;
    private final ToIntFunction<String> elementIndex;
    private final double listCutoff, halfSkin2;
    private final int n;
    private final double[] reference;     // 3n positions at the last build
    private final double[] builtCell = new double[9];
    private boolean builtPeriodic;
    private NeighborList list;
    private double[] x = new double[0];       // 3·nall current positions (locals, ghosts)
    private double[] translation = new double[0]; // 3·nall: x[a] − position of owner(a), fixed between builds
    private int[] owner = new int[0];
    private long builds;

    MovingSystem(String[] species, ToIntFunction<String> elementIndex, double cutoff, double skin) {
        this.species = species.clone();
        this.elementIndex = elementIndex;
        this.n = species.length;
        this.listCutoff = cutoff + skin;
        this.halfSkin2 = 0.25 * skin * skin;
        this.reference = new double[3 * n];
    }

    /** New positions (3n) and cell (9 values, rows = lattice vectors; null: not periodic). */
    void update(double[] positions, double[] cell) {
        if (needsBuild(positions, cell)) {
            build(positions, cell);
            return;
        }
        for (int a = 0; a < owner.length; a++) {
            int o = 3 * owner[a];
            x[3 * a] = positions[o] + translation[3 * a];
            x[3 * a + 1] = positions[o + 1] + translation[3 * a + 1];
            x[3 * a + 2] = positions[o + 2] + translation[3 * a + 2];
        }
    }

    private boolean needsBuild(double[] positions, double[] cell) {
        if (list == null || builtPeriodic != (cell != null)) return true;
        if (cell != null) for (int k = 0; k < 9; k++) if (cell[k] != builtCell[k]) return true;
        for (int i = 0; i < 3 * n; i += 3) {
            double dx = positions[i] - reference[i], dy = positions[i + 1] - reference[i + 1], dz = positions[i + 2] - reference[i + 2];
            if (dx * dx + dy * dy + dz * dz > halfSkin2) return true;
        }
        return false;
    }

    private void build(double[] positions, double[] cell) {
        boolean periodic = cell != null;
        Structure s = new Structure(species, positions.clone(), periodic ? cell.clone() : null, new boolean[]{periodic, periodic, periodic});
        list = NeighborList.build(s, listCutoff, elementIndex);
        int nall = list.totalCount();
        x = list.positions().clone();
        translation = new double[3 * nall];
        owner = new int[nall];
        for (int a = 0; a < nall; a++) {
            owner[a] = list.owner(a);
            for (int d = 0; d < 3; d++) translation[3 * a + d] = x[3 * a + d] - positions[3 * owner[a] + d];
        }
        System.arraycopy(positions, 0, reference, 0, 3 * n);
        if (periodic) System.arraycopy(cell, 0, builtCell, 0, 9);
        builtPeriodic = periodic;
        builds++;
    }

    /** Number of neighbour-list builds so far. */
    long builds() { return builds; }

    /** Folds forces on ghosts (3·totalCount) onto the n atoms. */
    void foldGhostForces(double[] all, double[] local) { list.foldGhostForces(all, local); }

    @Override public int localCount() { return n; }
    @Override public int atom(int ii) { return ii; }
    @Override public int totalCount() { return owner.length; }
    @Override public int element(int atom) { return list.element(atom); }
    @Override public double position(int atom, int dim) { return x[3 * atom + dim]; }
    @Override public int neighborCount(int atom) { return list.neighborCount(atom); }
    @Override public int neighbor(int atom, int k) { return list.neighbor(atom, k); }
}
