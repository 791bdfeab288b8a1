package dev.hdnnp.potential;

/** TEMPORARY STUB on branch native (replaced by the core's Evaluator when main is merged). */
public final class Evaluator implements AutoCloseable {
    public Evaluator(Model model, int threads) {}
    public void setUnits(double lengthToModel, double energyFromModel) {}
    public void compute(AtomicSystem system, EvaluationResult out) {
        throw new UnsupportedOperationException("Evaluator not available yet (core not merged)");
    }
    @Override public void close() {}
}
