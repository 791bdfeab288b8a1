"""Ghost atoms and full neighbour lists in LAMMPS's layout, built with ASE's neighbour list.

ASE's ``primitive_neighbor_list`` returns every pair (i, j, S) with |x_j + S·cell − x_i| ≤ cutoff,
including pairs with many different lattice shifts S when the cell is smaller than the cutoff
(and an atom's own images). Each distinct (j, S ≠ 0) becomes one ghost atom at x_j + S·cell, so
the library sees exactly the images a LAMMPS domain would hold; forces on ghosts are summed back
onto their owners.
"""
from dataclasses import dataclass

import numpy as np
from ase.neighborlist import primitive_neighbor_list


@dataclass
class Layout:
    nlocal: int
    x: np.ndarray          # (nall, 3) positions, locals first
    owner: np.ndarray      # (nall,) local atom of every atom (identity for locals)
    numneigh: np.ndarray   # (nall,) int32, zero for ghosts
    neighbors: np.ndarray  # (total,) int32, all lists back to back
    offsets: np.ndarray    # (nall,) int64, start of each atom's list in `neighbors`

    @property
    def nall(self):
        return len(self.owner)


def build(positions, cell, pbc, cutoff):
    """Locals, ghosts and full lists of all pairs within ``cutoff`` (same length unit as positions)."""
    positions = np.ascontiguousarray(positions, dtype=np.float64)
    cell = np.asarray(cell, dtype=np.float64)
    pbc = np.asarray(pbc, dtype=bool)
    n = len(positions)
    if n == 0:
        z = np.zeros(0, np.int32)
        return Layout(0, positions.reshape(0, 3), z, z, z, np.zeros(0, np.int64))
    i, j, shift = primitive_neighbor_list("ijS", pbc, cell, positions, cutoff, self_interaction=False)
    order = np.lexsort((j, i))            # by central atom (ASE sorts by i already; keep it explicit)
    i, j, shift = i[order], j[order], shift[order]
    image = np.any(shift != 0, axis=1)
    ghost_of_pair = np.full(len(i), -1, dtype=np.int64)
    if image.any():
        keys = np.column_stack((j[image], shift[image]))
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        ghost_of_pair[image] = n + inverse.reshape(-1)
        ghost_owner = unique[:, 0]
        ghost_x = positions[ghost_owner] + unique[:, 1:].astype(np.float64) @ cell
    else:
        ghost_owner = np.zeros(0, dtype=np.int64)
        ghost_x = np.zeros((0, 3))
    neighbors = np.where(image, ghost_of_pair, j).astype(np.int32)
    nall = n + len(ghost_owner)
    numneigh = np.zeros(nall, dtype=np.int32)
    numneigh[:n] = np.bincount(i, minlength=n)
    offsets = np.zeros(nall, dtype=np.int64)
    offsets[1:n] = np.cumsum(numneigh[:n - 1])
    offsets[n:] = len(neighbors)
    x = np.ascontiguousarray(np.vstack((positions, ghost_x)))
    owner = np.concatenate((np.arange(n), ghost_owner)).astype(np.int64)
    return Layout(n, x, owner, numneigh, neighbors, offsets)


def fold(values, layout):
    """Sums per-atom rows of all nall atoms onto their nlocal owners."""
    out = np.array(values[:layout.nlocal], copy=True)
    if layout.nall > layout.nlocal:
        np.add.at(out, layout.owner[layout.nlocal:], values[layout.nlocal:])
    return out
