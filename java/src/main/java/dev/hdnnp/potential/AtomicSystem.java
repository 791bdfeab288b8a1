package dev.hdnnp.potential;

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
}
