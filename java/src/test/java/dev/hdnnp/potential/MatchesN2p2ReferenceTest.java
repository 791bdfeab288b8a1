package dev.hdnnp.potential;

import dev.hdnnp.TestData;
import dev.hdnnp.descriptor.KernelWorkspace;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.SymmetryKernel;
import dev.hdnnp.neighbor.Neighborhood;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.structure.Elements;
import dev.hdnnp.io.InputDataFormat;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Energies, forces, per-atom symmetry functions and dE/dG against n2p2 v2.3.0's own output
 * (shared/reference/n2p2). Bars: energies to 1e-12 relative, forces to 1e-10 × the largest
 * force component of the structure.
 */
class MatchesN2p2ReferenceTest {
    static Model potential(String name, String length, String energy) {
        return N2p2Potential.read(TestData.shared("reference/n2p2/" + name + "/potential"), length, energy);
    }

    static List<String[]> rows(Path p) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String l : Files.readAllLines(p)) {
            if (l.startsWith("#") || l.isBlank()) continue;
            out.add(l.trim().split("\\s+"));
        }
        return out;
    }

    record Computed(double energy, double[] forces) {}

    static Computed compute(Model m, Structure s) {
        NeighborList sys = NeighborList.build(s, m.cutoff(), m::elementIndex);
        try (Evaluator ev = new Evaluator(m, 1)) {
            EvaluationResult r = new EvaluationResult();
            ev.compute(sys, r);
            double[] f = new double[3 * s.size()];
            sys.foldGhostForces(r.forces, f);
            return new Computed(r.energy, f);
        }
    }

    static void assertForces(double[] expected, double[] actual, String what) {
        double max = 0;
        for (double f : expected) max = Math.max(max, Math.abs(f));
        double worst = 0;
        for (int a = 0; a < expected.length; a++) worst = Math.max(worst, Math.abs(expected[a] - actual[a]));
        assertTrue(worst <= 1e-10 * max, what + ": largest force deviation " + worst + " > 1e-10 x " + max);
    }

    /**
     * Forces from the kernel's training mode ({@link SymmetryKernel#jacobian}, as the trainer
     * computes them): every function's ∂G_s/∂r_k contracted with dE/dG_s — a route to the forces
     * that shares no code with the force pass after the values.
     */
    static Computed computeByJacobian(Model m, Structure s) {
        NeighborList sys = NeighborList.build(s, m.cutoff(), m::elementIndex);
        int ne = m.elements().size();
        SymmetryKernel[] kernels = new SymmetryKernel[ne];
        double[] z = new double[ne];
        for (int e = 0; e < ne; e++) {
            kernels[e] = m.kernel(e);
            z[e] = Elements.atomicNumber(m.elements().get(e));
        }
        KernelWorkspace ws = SymmetryKernel.workspace(kernels);
        Neighborhood nb = new Neighborhood();
        double[] all = new double[3 * sys.totalCount()];
        double energy = 0;
        double inv = 1.0 / m.normalization().convEnergy();
        for (int ii = 0; ii < sys.localCount(); ii++) {
            int i = sys.atom(ii), e = sys.element(i);
            SymmetryKernel k = kernels[e];
            sys.gather(i, 1.0, k.maxCutoff() * k.maxCutoff(), z, nb);
            int ns = k.size(), mm = nb.count;
            double[] g = new double[ns], gs = new double[ns], dEdG = new double[ns], J = new double[3 * mm * ns];
            k.values(nb, ws, g);
            k.jacobian(nb, ws, J);
            Scaling sc = m.scaling(e);
            for (int t = 0; t < ns; t++) gs[t] = sc.scale(t, g[t]);
            NeuralNetwork net = m.network(e);
            NeuralNetwork.Workspace nws = new NeuralNetwork.Workspace(net);
            energy += net.evaluate(gs, nws) * inv + m.normalization().meanEnergy() + m.energyOffset(e);
            net.inputGradient(nws, dEdG);
            for (int q = 0; q < mm; q++) {
                for (int c = 0; c < 3; c++) {
                    double d = 0;
                    for (int t = 0; t < ns; t++) d += dEdG[t] * sc.derivative(t) * inv * J[(q * ns + t) * 3 + c];
                    all[3 * nb.atom[q] + c] -= d;
                    all[3 * i + c] += d;
                }
            }
        }
        double[] f = new double[3 * s.size()];
        sys.foldGhostForces(all, f);
        return new Computed(energy, f);
    }

    void structures(String name, String length, String energy) throws Exception {
        structures(name, length, energy, false);
    }

    void structures(String name, String length, String energy, boolean jacobian) throws Exception {
        Path dir = TestData.shared("reference/n2p2/" + name + "/structures");
        Model m = potential(name, length, energy);
        List<Structure> structures = InputDataFormat.read(dir.resolve("input.data"));
        List<String[]> energies = rows(dir.resolve("summary_energies.txt"));
        List<String[]> forces = rows(dir.resolve("summary_forces.txt"));
        assertEquals(structures.size(), energies.size());
        int row = 0;
        for (int k = 0; k < structures.size(); k++) {
            Structure s = structures.get(k);
            Computed c = jacobian ? computeByJacobian(m, s) : compute(m, s);
            double e = Double.parseDouble(energies.get(k)[3]);
            assertEquals(e, c.energy, Math.abs(e) * 1e-12, name + " structure " + (k + 1) + " energy");
            double[] ref = new double[3 * s.size()];
            for (int i = 0; i < s.size(); i++, row++) {
                String[] t = forces.get(row);
                assertEquals(k + 1, Integer.parseInt(t[0]));
                for (int d = 0; d < 3; d++) ref[3 * i + d] = Double.parseDouble(t[3 + d]);
            }
            assertForces(ref, c.forces, name + " structure " + (k + 1));
        }
        assertEquals(forces.size(), row);
    }

    @Test
    void waterStructures() throws Exception { structures("H2O_RPBE-D3", "bohr", "hartree"); }

    @Test
    void cu2sStructures() throws Exception { structures("Cu2S_PBE", "angstrom", "eV"); }

    /** The trainer's route to forces (the kernel's Jacobian mode) against n2p2, same bars. */
    @Test
    void waterStructuresByJacobian() throws Exception { structures("H2O_RPBE-D3", "bohr", "hartree", true); }

    @Test
    void cu2sStructuresByJacobian() throws Exception { structures("Cu2S_PBE", "angstrom", "eV", true); }

    /** energy.out, nnforces.out and atoms_G_E_dEdG_F.txt of one structure. */
    void single(String name, String length, String energy) throws Exception {
        Path dir = TestData.shared("reference/n2p2/" + name + "/single");
        Model m = potential(name, length, energy);
        Structure s = InputDataFormat.read(dir.resolve("input.data")).get(0);
        Computed c = compute(m, s);
        double e = Double.parseDouble(rows(dir.resolve("energy.out")).get(0)[3]);
        assertEquals(e, c.energy, Math.abs(e) * 1e-12, name + " energy");
        List<String[]> f = rows(dir.resolve("nnforces.out"));
        double[] ref = new double[3 * s.size()];
        for (int i = 0; i < s.size(); i++) for (int d = 0; d < 3; d++) ref[3 * i + d] = Double.parseDouble(f.get(i)[5 + d]);
        assertForces(ref, c.forces, name);
        perAtom(m, s, dir.resolve("atoms_G_E_dEdG_F.txt"), c);
    }

    /** Raw and scaled G, atomic energies and dE/dG, atom by atom. */
    static void perAtom(Model m, Structure s, Path file, Computed c) throws IOException {
        NeighborList sys = NeighborList.build(s, m.cutoff(), m::elementIndex);
        AtomAnalysis analysis = new AtomAnalysis(m);
        List<String[]> rows = rows(file);
        AtomAnalysis.Atom atom = null;
        int atoms = 0, values = 0;
        for (String[] t : rows) {
            switch (t[0]) {
                case "atom" -> {
                    int i = Integer.parseInt(t[1]) - 1;
                    assertEquals(s.species(i), t[2]);
                    atom = analysis.analyse(sys, i);
                    double ei = Double.parseDouble(t[3]);
                    assertEquals(ei, atom.energyInternal(), 1e-11 * Math.max(1.0, Math.abs(ei)), "E_i of atom " + (i + 1));
                    atoms++;
                }
                case "G" -> {
                    int sf = Integer.parseInt(t[1]) - 1;
                    double raw = Double.parseDouble(t[2]), scaled = Double.parseDouble(t[3]), dEdG = Double.parseDouble(t[4]);
                    assertEquals(raw, atom.raw()[sf], 1e-12 * Math.max(1.0, Math.abs(raw)), "raw G " + (sf + 1));
                    assertEquals(scaled, atom.scaled()[sf], 1e-11 * Math.max(1.0, Math.abs(scaled)), "scaled G " + (sf + 1));
                    assertEquals(dEdG, atom.dEdG()[sf], 1e-10 * Math.max(1.0, Math.abs(dEdG)), "dE/dG " + (sf + 1));
                    values++;
                }
                default -> {}
            }
        }
        assertEquals(s.size(), atoms, "every atom listed");
        assertTrue(values > atoms);
    }

    @Test
    void waterBox1080() throws Exception { single("H2O_RPBE-D3", "bohr", "hartree"); }

    @Test
    void cu2sCell() throws Exception { single("Cu2S_PBE", "angstrom", "eV"); }

    @Test
    void dmabnPolynomialFunctions() throws Exception { single("DMABN_SCAN", "bohr", "hartree"); }

    /** Tiny and non-periodic cells: energies equal n2p2's; forces equal finite differences (n2p2's own are wrong with self images, quirk Q1). */
    @Test
    void waterEdgeCases() throws Exception {
        Model m = potential("H2O_RPBE-D3", "bohr", "hartree");
        for (String c : List.of("dimer_nonperiodic", "dimer_triclinic", "monomer_cubic10", "monomer_nonperiodic", "s002_wrapped_shifted")) {
            Path dir = TestData.shared("reference/n2p2/H2O_RPBE-D3/edge-cases/" + c);
            Structure s = InputDataFormat.read(dir.resolve("input.data")).get(0);
            Computed r = compute(m, s);
            double e = Double.parseDouble(rows(dir.resolve("energy.out")).get(0)[3]);
            assertEquals(e, r.energy, Math.abs(e) * 1e-12, c + " energy");
            Path fd = dir.resolve("fd_gather_scatter_check.txt");
            if (Files.exists(fd)) {
                // columns: atom comp F_fd F_n2p2(gather) F_scatter, printed with 11 significant digits
                for (String[] t : rows(fd)) {
                    int a = Integer.parseInt(t[0]) - 1, d = Integer.parseInt(t[1]);
                    double fFd = Double.parseDouble(t[2]), fScatter = Double.parseDouble(t[4]);
                    assertEquals(fScatter, r.forces[3 * a + d], 1e-13 + 1e-10 * Math.abs(fScatter), c + " atom " + (a + 1) + " F_scatter");
                    assertEquals(fFd, r.forces[3 * a + d], 1e-9, c + " atom " + (a + 1) + " finite difference");
                }
            } else {
                List<String[]> f = rows(dir.resolve("nnforces.out"));
                double[] ref = new double[3 * s.size()];
                for (int i = 0; i < s.size(); i++) for (int d = 0; d < 3; d++) ref[3 * i + d] = Double.parseDouble(f.get(i)[5 + d]);
                assertForces(ref, r.forces, c);
            }
            Path atoms = dir.resolve("atoms_G_E_dEdG_F.txt");
            if (Files.exists(atoms)) perAtom(m, s, atoms, r);
        }
    }
}
