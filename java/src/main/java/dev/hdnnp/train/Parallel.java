package dev.hdnnp.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool that runs an indexed loop on all threads. Work items are handed out dynamically,
 * but every item writes only its own output slot and all reductions happen afterwards in index
 * order on the caller, so results are bit-identical for any thread count. Threads are daemons.
 */
final class Parallel implements AutoCloseable {
    @FunctionalInterface
    interface Task {
        void run(int index, int thread);
    }

    private final int threads;
    private final ExecutorService pool;

    Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "hdnnp-train");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() { return threads; }

    /** Runs task(i, thread) for i in [0, n); thread is in [0, threads()). */
    void forEach(int n, Task task) {
        if (threads == 1 || n <= 1) {
            for (int i = 0; i < n; i++) task.run(i, 0);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int helpers = Math.min(threads - 1, n - 1);
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int t = 1; t <= helpers; t++) {
            final int id = t;
            futures.add(pool.submit(() -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < n; ) task.run(i, id);
                } catch (Throwable e) {
                    next.set(n); // the others stop too: a failure (e.g. over the memory budget) ends the loop
                    throw e;
                }
            }));
        }
        Throwable failure = null;
        try {
            for (int i; (i = next.getAndIncrement()) < n; ) task.run(i, 0);
        } catch (Throwable e) {
            failure = e;
            next.set(n);
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error er) throw er;
        if (failure != null) throw new IllegalStateException(failure);
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
