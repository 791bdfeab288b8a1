package dev.hdnnp.potential;

/**
 * What the potential gives for one structure, in the structure's units: total energy, forces
 * (3 per atom), per-atom energies (they sum to the total) and the stress −W/V as a 3×3 row-major
 * matrix (ASE's sign: positive is tensile), or null unless the structure is periodic in all three
 * directions.
 */
public record Prediction(double energy, double[] forces, double[] atomEnergies, double[] stress) {}
