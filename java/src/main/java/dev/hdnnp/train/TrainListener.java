package dev.hdnnp.train;

/** Receives the trainer's progress: plain log lines and per-epoch statistics. */
public interface TrainListener {
    void log(String line);

    /** Called after an epoch's checkpoint has been written. */
    default void epochDone(EpochStats stats) {}

    TrainListener STDOUT = System.out::println;
}
