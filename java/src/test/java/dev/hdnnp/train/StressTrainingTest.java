package dev.hdnnp.train;

import dev.hdnnp.io.ExtxyzFormat;
import dev.hdnnp.io.InputException;
import dev.hdnnp.io.ReferenceStress;
import dev.hdnnp.io.StructureFiles;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.hdnnp.train.TrainerTest.QUIET;
import static dev.hdnnp.train.TrainerTest.RC;
import static dev.hdnnp.train.TrainerTest.config;
import static dev.hdnnp.train.TrainerTest.parse;
import static org.junit.jupiter.api.Assertions.*;

/** Reference stress in ASE's conventions, and training with a stress term. */
class StressTrainingTest {

    static Structure read(Path dir, String header) throws Exception {
        Path f = dir.resolve("s.xyz");
        Files.writeString(f, "2\n" + header + "\nSi 0 0 0\nSi 1.3 1.3 1.3\n");
        return StructureFiles.read(f).get(0);
    }

    /** Voigt (ASE's xx yy zz yz xz xy) and 3x3 stress give the same virial, −σ·V; 'virial' is taken as is. */
    @Test
    void aseConventions(@TempDir Path dir) throws Exception {
        String lattice = "Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3 energy=-3 pbc=\"T T T\"";
        // σ = [[1, 6, 5], [6, 2, 4], [5, 4, 3]] · 1e-3 eV/Å³
        Structure voigt = read(dir, lattice + " stress=\"0.001 0.002 0.003 0.004 0.005 0.006\"");
        Structure full = read(dir, lattice + " stress=\"0.001 0.006 0.005 0.006 0.002 0.004 0.005 0.004 0.003\"");
        double[] w1 = ReferenceStress.virial(voigt, "s.xyz", "structure 1"), w2 = ReferenceStress.virial(full, "s.xyz", "structure 1");
        double[] expected = {-0.125, -0.25, -0.375, -0.5, -0.625, -0.75}; // −σ·125 Å³
        assertArrayEquals(expected, w1, 1e-12);
        assertArrayEquals(expected, w2, 1e-12);
        Structure vir = read(dir, lattice + " virial=\"1 6 5 6 2 4 5 4 3\"");
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6}, ReferenceStress.virial(vir, "s.xyz", "structure 1"), 0.0);
        assertArrayEquals(new double[]{0.001, 0.002, 0.003, 0.004, 0.005, 0.006}, ReferenceStress.stress(w1, 125), 1e-15);
    }

    @Test
    void badStressIsAClearError(@TempDir Path dir) throws Exception {
        String lattice = "Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3 energy=-3";
        String[][] cases = {
                {" pbc=\"T T T\" stress=\"1 2 3 4 5\"", "needs 9 values"},
                {" pbc=\"T T T\" stress=\"1 2 3 4 5 6 7 8 9\"", "not symmetric"},
                {" pbc=\"T T T\" stress=\"1 2 x 4 5 6\"", "not a number"},
                {" pbc=\"T T F\" stress=\"1 2 3 4 5 6\"", "not periodic"},
                {" pbc=\"T T T\" virial=\"1 2 3 4 5 6\"", "needs 9 values"},
                {" pbc=\"T T T\" virial=\"1 0 0 0 1 0 0 0 1\" stress=\"1 2 3 4 5 6\"", "both"},
        };
        for (String[] c : cases) {
            Structure s = read(dir, lattice + c[0]);
            var e = assertThrows(InputException.class, () -> ReferenceStress.virial(s, "s.xyz", "structure 1"), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("s.xyz") && e.getMessage().contains("structure 1"), e.getMessage());
        }
    }

    static Path stressData(Path dir, int count) throws Exception {
        Random r = new Random(5);
        List<Structure> list = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Structure s = Fixtures.water(r, 3, 6.0 + 0.4 * r.nextDouble());
            Fixtures.label(s, RC);
            list.add(s);
        }
        Path file = dir.resolve("data.xyz");
        StructureFiles.write(file, list);
        return file;
    }

    /**
     * The stress term lowers the training-set stress error (what the loss sees; 10 structures are
     * too few for the test error to be more than noise) against a run whose stress weight is
     * negligible (same data, split, seed and epochs), for each optimiser.
     */
    @ParameterizedTest
    @ValueSource(strings = {"kalman", "adam", "lbfgs"})
    void trainingWithStressLowersTheStressError(String optimizer, @TempDir Path dir) throws Exception {
        Path d = stressData(dir, 16);
        String base = config(d, dir.resolve("out"), optimizer, optimizer.equals("adam") ? 12 : 6, 1, "")
                .replace("learning_rate = 0.01", "learning_rate = 0.03"); // Adam moves slowly
        TrainingResult without = Trainer.run(parse(base.replace("force_weight = 1.0", "force_weight = 1.0\nstress_weight = 1e-9")), QUIET);
        List<String> log = new ArrayList<>();
        TrainingResult with = Trainer.run(parse(base.replace("force_weight = 1.0", "force_weight = 1.0\nstress_weight = 10.0")
                .replace("[output]", "[kalman]\nstress_fraction = 1.0\n[output]").replace("[kalman]\nforce_fraction = 0.05\n", "")
                .replace("[kalman]\nstress_fraction", "[kalman]\nforce_fraction = 0.05\nstress_fraction")
                .replace("out\"", "out2\"")), log::add);
        EpochStats a = without.curve().getLast(), b = with.curve().getLast();
        System.out.printf("%s: train stress RMSE %.4g (stress weight 1e-9) -> %.4g eV/A^3 (stress weight 10); energy %.4g -> %.4g, force %.4g -> %.4g%n",
                optimizer, a.trainStressRmse(), b.trainStressRmse(), a.trainEnergyRmse(), b.trainEnergyRmse(), a.trainForceRmse(), b.trainForceRmse());
        assertTrue(b.trainStressRmse() < 0.75 * a.trainStressRmse(), b.trainStressRmse() + " vs " + a.trainStressRmse());
        assertFalse(Double.isNaN(with.testStressRmse()));
        assertTrue(log.stream().anyMatch(l -> l.contains("stress on (weight 10.0)")), String.join("\n", log));
        assertTrue(Files.readString(dir.resolve("out2/learning-curve.csv")).lines().findFirst().orElse("").contains("train_stress_rmse"));
    }

    @Test
    void stressWeightWithoutStressInTheData(@TempDir Path dir) throws Exception {
        Path d = TrainerTest.data(dir, 6); // input.data: no stress
        var e = assertThrows(InputException.class, () -> Trainer.run(parse(config(d, dir.resolve("out"), "adam", 1, 1, "")
                .replace("force_weight = 1.0", "force_weight = 1.0\nstress_weight = 1.0")), QUIET));
        assertTrue(e.getMessage().contains("stress_weight") && e.getMessage().contains("input.data"), e.getMessage());
    }
}
