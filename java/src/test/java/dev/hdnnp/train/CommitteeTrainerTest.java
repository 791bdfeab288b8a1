package dev.hdnnp.train;

import dev.hdnnp.io.CommitteeFile;
import dev.hdnnp.io.StructureFiles;
import dev.hdnnp.potential.Committee;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Prediction;
import dev.hdnnp.potential.Predictor;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --committee}: members that differ, one shared test set (each member's reported test
 * error recomputed here on the test split of the configuration's seed), identical descriptors, and
 * a committee file that lists the members.
 */
class CommitteeTrainerTest {
    @Test
    void threeMembersShareTheTestSet(@TempDir Path dir) throws Exception {
        Path d = TrainerTest.data(dir, 12);
        TrainConfig c = TrainerTest.parse(TrainerTest.config(d, dir.resolve("out"), "kalman", 2, 1, ""));
        List<String> log = new ArrayList<>();
        CommitteeTrainer.Result r = CommitteeTrainer.run(c, 3, log::add);
        assertEquals(dir.resolve("out/committee.json"), r.committeeFile());
        Committee committee = CommitteeFile.read(r.committeeFile());
        assertEquals(3, committee.size());
        assertTrue(committee.sharesDescriptors());
        for (int k = 1; k <= 3; k++) assertTrue(Files.exists(dir.resolve("out/member-" + k + "/model.json")));
        assertEquals(1, log.stream().filter(l -> l.startsWith("descriptors:")).count(), "descriptors computed once");

        List<Structure> all = StructureFiles.read(d);
        int[] test = DataSet.split(all, c.data()).test();
        assertTrue(test.length > 0);
        List<Structure> testSet = Arrays.stream(test).mapToObj(all::get).toList();
        for (int m = 0; m < 3; m++) {
            Model model = committee.member(m);
            List<Prediction> p = Predictor.predictAll(model, testSet, "angstrom", "eV", 1, null);
            double se = 0;
            for (int k = 0; k < testSet.size(); k++) {
                double de = (p.get(k).energy() - testSet.get(k).energy()) / testSet.get(k).size();
                se += de * de;
            }
            double rmse = Math.sqrt(se / testSet.size());
            assertEquals(rmse, r.members().get(m).testEnergyRmse(), 1e-9 * Math.max(1, rmse), "member " + (m + 1) + " test set");
            for (int q = 0; q < m; q++)
                assertFalse(Arrays.equals(model.network(0).parameters(), committee.member(q).network(0).parameters()),
                        "members " + (q + 1) + " and " + (m + 1) + " are identical");
        }
    }
}
