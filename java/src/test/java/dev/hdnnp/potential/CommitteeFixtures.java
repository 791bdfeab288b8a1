package dev.hdnnp.potential;

import dev.hdnnp.structure.Structure;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random committees and structures for tests outside this package (the helpers here are package-private). */
public final class CommitteeFixtures {
    private CommitteeFixtures() {}

    /** Members sharing the descriptors of a random H/C/O model calibrated on {@code s}, with other weights and scalings. */
    public static List<Model> members(Random rnd, Structure s, int count) {
        Model a = CommitteeMatchesMembersTest.base(rnd, s);
        List<Model> out = new ArrayList<>(List.of(a));
        while (out.size() < count) out.add(CommitteeMatchesMembersTest.perturbed(a, rnd));
        return out;
    }

    /** Random H/C/O atoms in a periodic triclinic cell of edge about {@code size} Å. */
    public static Structure structure(Random rnd, int n, double size) {
        return RandomPotentials.structure(rnd, n, new boolean[]{true, true, true}, true, size);
    }
}
