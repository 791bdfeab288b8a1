package dev.hdnnp.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Spearman's rank correlation against values worked out by hand. */
class CommitteeReportTest {
    @Test
    void spearman() {
        assertEquals(1.0, CommitteeReport.spearman(new double[]{1, 2, 3, 4}, new double[]{1, 8, 27, 64}), 1e-15);
        assertEquals(-1.0, CommitteeReport.spearman(new double[]{1, 2, 3, 4}, new double[]{4, 3, 2, 1}), 1e-15);
        // ties: ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4): covariance 4.5, variances 4.5 and 5
        assertEquals(4.5 / Math.sqrt(4.5 * 5), CommitteeReport.spearman(new double[]{1, 2, 2, 3}, new double[]{1, 3, 2, 4}), 1e-15);
    }
}
