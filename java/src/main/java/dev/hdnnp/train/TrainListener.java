package dev.hdnnp.train;

/** Receives the trainer's progress: plain log lines, progress within an epoch and per-epoch statistics. */
public interface TrainListener {
    void log(String line);

    /** An epoch starts: {@code structures} training structures, {@code epochs} in all. */
    default void epochStarted(int epoch, int epochs, int structures) {}

    /** Within an epoch: the fraction done, in [0, 1] (called from the training thread, often). */
    default void epochProgress(double fraction) {}

    /** Called after an epoch's checkpoint has been written. */
    default void epochDone(EpochStats stats) {}

    TrainListener STDOUT = System.out::println;
}
