package dev.hdnnp.descriptor;

/** How raw symmetry-function values are mapped to network inputs (n2p2-formats §4.2). */
public enum ScalingMode {
    /** G. */
    NONE,
    /** S_min + (S_max − S_min)(G − G_min)/(G_max − G_min). */
    SCALE,
    /** G − G_mean. */
    CENTER,
    /** S_min + (S_max − S_min)(G − G_mean)/(G_max − G_min). */
    SCALECENTER,
    /** S_min + (S_max − S_min)(G − G_mean)/G_sigma. */
    SCALESIGMA;

    /** The mode n2p2 selects from the presence of its three flags. */
    public static ScalingMode fromN2p2Flags(boolean scale, boolean center, boolean sigma) {
        if (scale && center) return SCALECENTER;
        if (scale) return SCALE;
        if (center) return CENTER;
        if (sigma) return SCALESIGMA;
        return NONE;
    }
}
