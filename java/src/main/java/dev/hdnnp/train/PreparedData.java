package dev.hdnnp.train;

import dev.hdnnp.descriptor.DescriptorSpec;

import java.util.List;

/**
 * Training data ready for the loss: samples by split (normalised), the descriptor spec (null for
 * .npy data), the preprocessing learned from the training set, which labels are trained, the
 * digest of the data's content (for {@link Fingerprint}) and the memory plan.
 */
record PreparedData(List<String> elements, DescriptorSpec spec, List<Sample> train, List<Sample> validation,
                    List<Sample> test, Preprocessing pre, boolean forces, boolean stress, String dataDigest, MemoryPlan memory) {}
