package dev.hdnnp.train;

import dev.hdnnp.descriptor.SymmetryFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generates a symmetry-function set from a few numbers, for every central element:
 * per neighbour element {@code radial} Gaussians (type 2) and per neighbour pair
 * {@code angular} wide angular functions (type 9).
 *
 * <ul>
 * <li>"shifted": centres r_s evenly from r_min to r_c, widths equal to the spacing (η = 1/(2Δ²)),
 *     so neighbouring Gaussians overlap at about half height;</li>
 * <li>"centered": r_s = 0 and widths σ evenly from r_min to r_c (η = 1/(2σ²)).</li>
 * </ul>
 * Angular functions cycle through λ = ±1 and ζ = 1, 4, 16, 64 (λ alternating first, so that a
 * small count still covers both signs) with a wide Gaussian factor (σ = r_c/2); beyond eight
 * functions the cycle repeats with narrower Gaussians (σ = r_c/3, r_c/4, …) rather than growing
 * ζ further: larger ζ only make functions that are nearly constant over real data.
 */
public final class SymmetryFunctionGenerator {
    private SymmetryFunctionGenerator() {}

    public static List<String> generate(List<String> elements, TrainConfig.Generate g) {
        double rc = g.cutoff(), r0 = Math.min(g.rMin(), 0.5 * rc);
        List<String> out = new ArrayList<>();
        for (String c : elements) {
            for (String e : elements) {
                for (int k = 0; k < g.radial(); k++) {
                    double eta, rs;
                    if (g.grid().equals("centered")) {
                        double sigma = g.radial() == 1 ? rc / 2 : r0 + (rc - r0) * k / (g.radial() - 1);
                        eta = 1.0 / (2 * sigma * sigma);
                        rs = 0.0;
                    } else {
                        double dr = (rc - r0) / g.radial();
                        rs = r0 + dr * k;
                        eta = 1.0 / (2 * dr * dr);
                    }
                    out.add(String.format(Locale.ROOT, "%s 2 %s %.10g %.10g %.10g", c, e, eta, rs, rc));
                }
            }
            for (int a = 0; a < elements.size(); a++)
                for (int b = a; b < elements.size(); b++)
                    for (int k = 0; k < g.angular(); k++) {
                        double lambda = k % 2 == 0 ? 1.0 : -1.0;
                        double zeta = 1 << (2 * ((k % 8) / 2));
                        double sigma = rc / (2 + k / 8);
                        double eta = 1.0 / (2 * sigma * sigma);
                        out.add(String.format(Locale.ROOT, "%s 9 %s %s %.10g %.1f %.1f %.10g", c, elements.get(a), elements.get(b), eta, lambda, zeta, rc));
                    }
        }
        // fail early on a bad parameter, with the line that caused it
        for (String s : out) SymmetryFunction.parse(s);
        return out;
    }
}
