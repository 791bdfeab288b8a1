package dev.hdnnp.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static dev.hdnnp.train.TrainerTest.config;
import static dev.hdnnp.train.TrainerTest.data;
import static dev.hdnnp.train.TrainerTest.parse;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The on-demand force columns ({@link Featurizer#columns}: the picked atoms' own Jacobians plus
 * the kernel's column mode for every other atom) against the cached mode's derivatives of the
 * same structures (whole Jacobians folded by owning atom, float, normalised): the same atoms and
 * the same float bits for every atom and component, picked one at a time, a few together, and
 * all at once. The water boxes are small enough that an atom's periodic images appear several
 * times in one neighbourhood, so the fold by owner is exercised.
 */
class ForceColumnsTest {
    @Test
    void columnsAreTheCachedDerivatives(@TempDir Path dir) throws Exception {
        Path d = data(dir, 6);
        PreparedData cached, onDemand;
        try (Parallel par = new Parallel(1)) {
            cached = DataPreparation.prepare(parse(withMode(config(d, dir.resolve("a"), "kalman", 1, 1, ""), "cached")), par, TrainerTest.QUIET);
            onDemand = DataPreparation.prepare(parse(withMode(config(d, dir.resolve("b"), "kalman", 1, 1, ""), "on-demand")), par, TrainerTest.QUIET);
        }
        Random rnd = new Random(11);
        int checked = 0;
        for (int k = 0; k < cached.train().size(); k++) {
            Sample c = cached.train().get(k), o = onDemand.train().get(k);
            assertNotNull(c.dg);
            assertNull(o.dg);
            int n = c.atoms;
            int[][] pickSets = {{0}, {n - 1}, {1, 4, n - 2}, randomSubset(n, rnd), java.util.stream.IntStream.range(0, n).toArray()};
            for (int[] picks : pickSets) {
                LossEngine.ForceColumn[][] cols = o.forceColumns(picks);
                for (int p = 0; p < picks.length; p++)
                    for (int comp = 0; comp < 3; comp++) {
                        LossEngine.ForceColumn want = LossEngine.forceColumn(c, c, picks[p], comp);
                        LossEngine.ForceColumn got = cols[p][comp];
                        String what = "structure " + k + ", picks " + Arrays.toString(picks) + ", atom " + picks[p] + ", component " + comp;
                        assertArrayEquals(want.atoms(), got.atoms(), what + ": atoms");
                        assertTrue(want.values().length > 0, what);
                        assertTrue(Arrays.equals(want.values(), got.values()), what + ": values " + Arrays.toString(got.values()) + " vs cached " + Arrays.toString(want.values()));
                        checked++;
                    }
            }
        }
        assertTrue(checked > 100, "columns checked: " + checked);
    }

    private static int[] randomSubset(int n, Random rnd) {
        return java.util.stream.IntStream.range(0, n).filter(i -> rnd.nextInt(3) == 0 || i == 2).toArray();
    }

    static String withMode(String toml, String mode) {
        return toml.replace("force_weight = 1.0", "force_weight = 1.0\nmemory_mode = \"" + mode + "\"");
    }
}
