package dev.hdnnp.potential;

import java.util.List;

/**
 * Several models of the same elements whose spread says how far a structure lies from what they
 * were trained on. Members usually share their symmetry functions (trained together with
 * {@code hdnnp train --committee}); then {@link CommitteeEvaluator} computes the descriptors once.
 */
public record Committee(List<Model> members) {
    public Committee {
        members = List.copyOf(members);
        if (members.size() < 2) throw new IllegalArgumentException("a committee needs at least two models, got " + members.size());
        Model first = members.get(0);
        for (int m = 1; m < members.size(); m++) {
            Model other = members.get(m);
            if (!other.elements().equals(first.elements()))
                throw new IllegalArgumentException("committee member " + (m + 1) + " has elements " + other.elements()
                        + " but member 1 has " + first.elements());
            if (!other.lengthUnit().equals(first.lengthUnit()) || !other.energyUnit().equals(first.energyUnit()))
                throw new IllegalArgumentException("committee member " + (m + 1) + " is in " + other.lengthUnit() + "/" + other.energyUnit()
                        + " but member 1 in " + first.lengthUnit() + "/" + first.energyUnit() + " (convert the members to one set of units)");
        }
    }

    public int size() { return members.size(); }

    public Model member(int m) { return members.get(m); }

    /** The largest cutoff of any member, in the members' common length unit (a neighbour list built with it serves all). */
    public double cutoff() {
        double rc = 0;
        for (Model m : members) rc = Math.max(rc, m.cutoff());
        return rc;
    }

    /**
     * True when all members have the same symmetry functions and cutoff function, so
     * that one set of descriptor values G (before each member's own scaling) serves them all.
     */
    public boolean sharesDescriptors() {
        Model first = members.get(0);
        for (Model m : members)
            if (!m.descriptor().equals(first.descriptor())) return false;
        return true;
    }
}
