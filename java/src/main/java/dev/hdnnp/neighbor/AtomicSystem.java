package dev.hdnnp.neighbor;

/**
 * Atoms and a full neighbour list in the layout LAMMPS uses: atoms {@code 0 .. totalCount()-1}
 * (owned atoms first, then ghost/image atoms), a list of the atoms whose energy is wanted
 * ({@code atom(ii)} for {@code ii < localCount()}), and for each of those a full neighbour list of
 * atom indices. Neighbour lists may hold atoms beyond the model's cutoff (a skin); the evaluator
 * filters by distance. An atom never lists itself, but may list ghost images of itself.
 *
 * <p>Implementations read their own storage in place: Java arrays for structures built here,
 * native memory for LAMMPS.
 */
public interface AtomicSystem {
    /** Number of atoms whose energy is computed (LAMMPS: inum). */
    int localCount();

    /** Index of the ii-th atom whose energy is computed (LAMMPS: ilist[ii]). */
    int atom(int ii);

    /** Number of atoms that positions and forces are stored for (LAMMPS: nlocal + nghost). */
    int totalCount();

    /** The model's element index of an atom, or -1 for an atom the model does not handle. */
    int element(int atom);

    /** Cartesian coordinate {@code dim} (0, 1, 2) of an atom, in the caller's length unit. */
    double position(int atom, int dim);

    int neighborCount(int atom);

    int neighbor(int atom, int k);

    /**
     * Fills {@code nb} with the neighbours of atom i that lie within the cutoff, as displacements
     * d = (r_i − r_j) · lengthScale in the model's length unit. Atoms of unhandled elements are
     * skipped. The one neighbour gather that evaluation, analysis and training share.
     *
     * @param cutoff2      squared cutoff in the model's length unit
     * @param atomicNumber atomic number per model element (for the weighted functions)
     */
    default void gather(int i, double lengthScale, double cutoff2, double[] atomicNumber, Neighborhood nb) {
        final double xi = position(i, 0), yi = position(i, 1), zi = position(i, 2);
        nb.clear();
        final int nn = neighborCount(i);
        for (int k = 0; k < nn; k++) {
            final int j = neighbor(i, k);
            final int ej = element(j);
            if (ej < 0) continue;
            final double dx = (xi - position(j, 0)) * lengthScale;
            final double dy = (yi - position(j, 1)) * lengthScale;
            final double dz = (zi - position(j, 2)) * lengthScale;
            if (dx * dx + dy * dy + dz * dz < cutoff2) nb.add(j, ej, atomicNumber[ej], dx, dy, dz);
        }
    }
}
