package dev.hdnnp.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which frames to label next: greedily the most uncertain first (largest max per-atom force
 * disagreement; ties to the earlier frame), skipping frames at or below the threshold, above the
 * ceiling (too far gone to be worth a reference calculation, as DP-GEN's trust_hi) and closer
 * than the minimum gap (in steps) to a frame already taken, until K are taken.
 */
final class FrameSelection {
    private FrameSelection() {}

    /**
     * @param steps        step of each frame
     * @param disagreement max per-atom force disagreement of each frame
     * @return indices of the chosen frames, most uncertain first
     */
    static List<Integer> select(long[] steps, double[] disagreement, int count, double threshold, double ceiling, long minGap) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < steps.length; i++)
            if (disagreement[i] > threshold && disagreement[i] <= ceiling) order.add(i);
        order.sort(Comparator.<Integer>comparingDouble(i -> -disagreement[i]).thenComparingInt(i -> i));
        List<Integer> chosen = new ArrayList<>();
        for (int i : order) {
            if (chosen.size() == count) break;
            boolean far = true;
            for (int j : chosen) far &= Math.abs(steps[i] - steps[j]) >= minGap;
            if (far) chosen.add(i);
        }
        return chosen;
    }
}
