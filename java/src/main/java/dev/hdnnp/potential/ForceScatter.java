package dev.hdnnp.potential;

import dev.hdnnp.neighbor.Neighborhood;

/**
 * One atom's share of forces and virial from the kernel's pass 2: given g_k = ∂E_i/∂r_k (caller
 * units) for every neighbour entry k of atom i, F_k −= g_k, F_i += Σ_k g_k and W += Σ_k d_ik ⊗ g_k.
 * Scattering onto the neighbour entries (local or ghost) is exact also when an atom sees periodic
 * images of itself. Shared by {@link Evaluator} and {@link CommitteeEvaluator} (one call per member).
 */
final class ForceScatter {
    private ForceScatter() {}

    /**
     * Adds atom i's forces to {@code f} (3 per atom) and its virial (xx, yy, zz, xy, xz, yz) to
     * {@code virial}; writes the virial also to {@code atomVirial[6i ..]} unless that is null.
     * {@code invL} converts the neighbourhood's model lengths to caller lengths.
     */
    static void add(Neighborhood nb, int i, double[] gxs, double[] gys, double[] gzs, double invL,
                    double[] f, double[] virial, double[] atomVirial) {
        final int m = nb.count;
        final int[] atom = nb.atom;
        final double[] dx = nb.dx, dy = nb.dy, dz = nb.dz;
        double fix = 0, fiy = 0, fiz = 0;
        double vxx = 0, vyy = 0, vzz = 0, vxy = 0, vxz = 0, vyz = 0;
        for (int k = 0; k < m; k++) {
            final double gx = gxs[k], gy = gys[k], gz = gzs[k];
            final int j = atom[k];
            f[3 * j] -= gx;
            f[3 * j + 1] -= gy;
            f[3 * j + 2] -= gz;
            fix += gx;
            fiy += gy;
            fiz += gz;
            final double rx = dx[k] * invL, ry = dy[k] * invL, rz = dz[k] * invL;
            vxx += rx * gx;
            vyy += ry * gy;
            vzz += rz * gz;
            vxy += rx * gy;
            vxz += rx * gz;
            vyz += ry * gz;
        }
        f[3 * i] += fix;
        f[3 * i + 1] += fiy;
        f[3 * i + 2] += fiz;
        virial[0] += vxx;
        virial[1] += vyy;
        virial[2] += vzz;
        virial[3] += vxy;
        virial[4] += vxz;
        virial[5] += vyz;
        if (atomVirial != null) {
            final int o = 6 * i;
            atomVirial[o] = vxx;
            atomVirial[o + 1] = vyy;
            atomVirial[o + 2] = vzz;
            atomVirial[o + 3] = vxy;
            atomVirial[o + 4] = vxz;
            atomVirial[o + 5] = vyz;
        }
    }
}
