package dev.hdnnp.potential;

import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extrapolation warnings a committee records (atom, element, function, member, value, range),
 * against each member's own {@link Evaluator} records: with shared descriptors one record per
 * (atom, function) naming the first member outside its range; with different descriptors the
 * records of the member with the most warnings.
 */
class CommitteeExtrapolationDetailsTest {
    record Warning(int atom, int element, int function, int member, double value, double min, double max) {}

    static List<Warning> member(Model m, int index, Structure s) {
        NeighborList nl = NeighborList.build(s, m.cutoff() * (1 + 1e-12), m::elementIndex);
        try (Evaluator ev = new Evaluator(m, 1)) {
            EvaluationResult r = new EvaluationResult();
            r.ensureCapacity(nl.totalCount(), false, false);
            ev.compute(nl, r);
            assertTrue(r.extrapolationWarnings <= EvaluationResult.MAX_RECORDED, "the fixture keeps every member's warnings: " + r.extrapolationWarnings);
            List<Warning> out = new ArrayList<>();
            for (int k = 0; k < r.recordedWarnings(); k++)
                out.add(new Warning(r.warningAtom[k], r.warningElement[k], r.warningFunction[k], index, r.warningValue[k], r.warningMin[k], r.warningMax[k]));
            return out;
        }
    }

    static List<Warning> committee(Committee c, Structure s) {
        NeighborList nl = NeighborList.build(s, c.cutoff() * (1 + 1e-12), c.member(0)::elementIndex);
        try (CommitteeEvaluator ev = new CommitteeEvaluator(c, 1)) {
            CommitteeResult r = new CommitteeResult(c.size());
            ev.compute(nl, r);
            List<Warning> out = new ArrayList<>();
            for (int k = 0; k < r.recordedWarnings(); k++)
                out.add(new Warning(r.warningAtom[k], r.warningElement[k], r.warningFunction[k], r.warningMember[k], r.warningValue[k], r.warningMin[k], r.warningMax[k]));
            assertEquals(r.extrapolationWarnings, out.size(), "all recorded");
            return out;
        }
    }

    /** A structure the base model was calibrated on, one atom then moved: its neighbourhood is new. */
    static Structure moved(Structure s, double dx) {
        double[] x = s.positions().clone();
        x[0] += dx;
        x[1] -= 0.5 * dx;
        return new Structure(s.species(), x, s.cell(), s.pbc());
    }

    @Test
    void sharedDescriptorsNameTheFirstMemberOutsideItsRange() {
        Random rnd = new Random(5);
        Structure s = RandomPotentials.structure(rnd, 4, new boolean[]{false, false, false}, false, 3.5);
        Model a = CommitteeMatchesMembersTest.base(rnd, s);
        Committee c = new Committee(List.of(a, CommitteeMatchesMembersTest.perturbed(a, rnd), CommitteeMatchesMembersTest.perturbed(a, rnd)));
        Structure t = moved(s, 0.4);
        // expected: per (atom, function) in the members' order, the first member that warns
        Map<List<Integer>, Warning> first = new LinkedHashMap<>();
        for (int m = 0; m < c.size(); m++)
            for (Warning w : member(c.member(m), m, t)) first.putIfAbsent(List.of(w.atom(), w.function()), w);
        List<Warning> want = new ArrayList<>(first.values());
        want.sort((p, q) -> p.atom() != q.atom() ? Integer.compare(p.atom(), q.atom()) : Integer.compare(p.function(), q.function()));
        List<Warning> got = committee(c, t);
        assertTrue(want.size() > 3 && want.stream().map(Warning::member).distinct().count() > 1,
                "the fixture has warnings from several members: " + want);
        assertEquals(want, got);
    }

    @Test
    void differentDescriptorsGiveTheRecordsOfTheMemberWithMostWarnings() {
        Random rnd = new Random(8);
        Structure s = RandomPotentials.structure(rnd, 4, new boolean[]{false, false, false}, false, 3.5);
        Model a = CommitteeMatchesMembersTest.base(rnd, s);
        Model b = CommitteeMatchesMembersTest.base(rnd, s);
        Committee c = new Committee(List.of(a, b));
        Structure t = moved(s, 0.4);
        List<Warning> wa = member(a, 0, t), wb = member(b, 1, t);
        assertTrue(wa.size() != wb.size(), "the fixture's members differ in their counts");
        assertEquals(wa.size() >= wb.size() ? wa : wb, committee(c, t));
    }
}
