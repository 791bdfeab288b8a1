package dev.hdnnp.train;

import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.Model;

import java.util.List;

/**
 * The outcome of a run: the best model (by validation error, or training error without a
 * validation set), or null when training on precomputed descriptors (no symmetry functions are
 * known then; the networks and scaling are still returned), the learning curve and the test
 * errors of the best model in the data's units (energy per atom, force components, stress
 * components; NaN where absent, e.g. without a test set).
 */
public record TrainingResult(Model model, List<NeuralNetwork> networks, Preprocessing preprocessing,
                             List<EpochStats> curve, int bestEpoch,
                             double testEnergyRmse, double testEnergyMae, double testForceRmse, double testForceMae,
                             double testStressRmse) {}
