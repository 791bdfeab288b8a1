package dev.hdnnp.train;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A PNG of the learning curve (RMSE against epoch, log scale; energy left, forces right),
 * drawn with Java2D so that no plotting library is needed for two panels of lines.
 */
final class LearningCurvePlot {
    private LearningCurvePlot() {}

    static void write(Path file, List<EpochStats> h, String energyUnit, String lengthUnit) {
        System.setProperty("java.awt.headless", "true");
        boolean forces = !h.isEmpty() && !Double.isNaN(h.get(h.size() - 1).trainForceRmse());
        int panelW = 480, H = 360;
        BufferedImage img = new BufferedImage(forces ? 2 * panelW : panelW, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), H);
        panel(g, 0, panelW, H, h, "energy RMSE (" + energyUnit + "/atom)", EpochStats::trainEnergyRmse, EpochStats::validationEnergyRmse);
        if (forces) panel(g, panelW, panelW, H, h, "force RMSE (" + energyUnit + "/" + lengthUnit + ")", EpochStats::trainForceRmse, EpochStats::validationForceRmse);
        g.dispose();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            ImageIO.write(img, "png", tmp.toFile());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a plot is a convenience; the CSV has the numbers
        }
    }

    private static void panel(Graphics2D g, int x0, int w, int h, List<EpochStats> data, String title,
                              ToDoubleFunction<EpochStats> train, ToDoubleFunction<EpochStats> val) {
        int left = x0 + 70, right = x0 + w - 20, top = 30, bottom = h - 45;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (EpochStats s : data)
            for (double v : new double[]{train.applyAsDouble(s), val.applyAsDouble(s)})
                if (v > 0 && Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (!(lo < Double.POSITIVE_INFINITY)) return;
        double llo = Math.floor(Math.log10(lo)), lhi = Math.max(llo + 1, Math.ceil(Math.log10(hi)));
        int maxEpoch = Math.max(1, data.get(data.size() - 1).epoch());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(title, left, top - 10);
        g.drawRect(left, top, right - left, bottom - top);
        for (double d = llo; d <= lhi; d++) {
            int y = (int) (bottom - (d - llo) / (lhi - llo) * (bottom - top));
            g.setColor(new Color(220, 220, 220));
            g.drawLine(left, y, right, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "1e%d", (int) d), x0 + 25, y + 4);
        }
        g.drawString("epoch (0 .. " + maxEpoch + ")", (left + right) / 2 - 40, h - 15);
        line(g, data, train, new Color(31, 119, 180), left, right, top, bottom, llo, lhi, maxEpoch);
        line(g, data, val, new Color(255, 127, 14), left, right, top, bottom, llo, lhi, maxEpoch);
        g.setColor(new Color(31, 119, 180));
        g.drawString("train", right - 90, top + 15);
        g.setColor(new Color(255, 127, 14));
        g.drawString("validation", right - 90, top + 30);
    }

    private static void line(Graphics2D g, List<EpochStats> data, ToDoubleFunction<EpochStats> f, Color c,
                             int left, int right, int top, int bottom, double llo, double lhi, int maxEpoch) {
        g.setColor(c);
        g.setStroke(new BasicStroke(1.6f));
        int px = -1, py = -1;
        for (EpochStats s : data) {
            double v = f.applyAsDouble(s);
            if (!(v > 0) || !Double.isFinite(v)) { px = -1; continue; }
            int x = left + (int) ((double) s.epoch() / maxEpoch * (right - left));
            int y = (int) (bottom - (Math.log10(v) - llo) / (lhi - llo) * (bottom - top));
            if (px >= 0) g.drawLine(px, py, x, y);
            px = x;
            py = y;
        }
        g.setStroke(new BasicStroke(1f));
    }
}
