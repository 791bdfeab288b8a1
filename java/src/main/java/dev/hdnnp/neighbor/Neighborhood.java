package dev.hdnnp.neighbor;

/**
 * The neighbours of one central atom within the descriptor cutoff, in flat arrays that are
 * reused from atom to atom. Displacements follow n2p2: d = r_center − r_neighbour.
 */
public final class Neighborhood {
    public int count;
    public int[] atom = new int[0];       // index of the neighbour in the atomic system
    public int[] element = new int[0];    // model element index
    public double[] z = new double[0];    // atomic number, for the weighted types
    public double[] dx = new double[0], dy = new double[0], dz = new double[0], r = new double[0];

    public void clear() { count = 0; }

    /** Appends a neighbour; grows the arrays when needed (rarely: capacity is kept between atoms). */
    public void add(int atomIndex, int elem, double atomicNumber, double x, double y, double zz) {
        if (count == r.length) grow(Math.max(64, 2 * count));
        int k = count++;
        atom[k] = atomIndex;
        element[k] = elem;
        z[k] = atomicNumber;
        dx[k] = x;
        dy[k] = y;
        dz[k] = zz;
        r[k] = Math.sqrt(x * x + y * y + zz * zz);
    }

    private void grow(int n) {
        atom = java.util.Arrays.copyOf(atom, n);
        element = java.util.Arrays.copyOf(element, n);
        z = java.util.Arrays.copyOf(z, n);
        dx = java.util.Arrays.copyOf(dx, n);
        dy = java.util.Arrays.copyOf(dy, n);
        dz = java.util.Arrays.copyOf(dz, n);
        r = java.util.Arrays.copyOf(r, n);
    }
}
