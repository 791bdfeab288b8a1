package dev.hdnnp.io;

import java.util.Arrays;

/** Growable double array for readers (no boxing). */
final class DoubleList {
    private double[] a = new double[64];
    private int n;

    void add(double v) {
        if (n == a.length) a = Arrays.copyOf(a, 2 * n);
        a[n++] = v;
    }

    int size() { return n; }

    double[] toArray() { return Arrays.copyOf(a, n); }
}
