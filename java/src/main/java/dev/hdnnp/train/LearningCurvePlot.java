package dev.hdnnp.train;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A PNG of the learning curve (RMSE against epoch, log scale): energy on the left and, when
 * forces (and stress) were trained, those to the right. Drawn with XChart, encoded in memory and
 * written atomically (a killed run leaves the old PNG or the new one, never a temporary file
 * beside it for longer than one rename).
 */
final class LearningCurvePlot {
    private LearningCurvePlot() {}

    static void write(Path file, List<EpochStats> h, String energyUnit, String lengthUnit) { write(file, h, energyUnit, lengthUnit, "train"); }

    /** {@code trainForceLabel}: the legend of the training force curve (it may cover a subset). */
    static void write(Path file, List<EpochStats> h, String energyUnit, String lengthUnit, String trainForceLabel) {
        System.setProperty("java.awt.headless", "true");
        boolean forces = !h.isEmpty() && !Double.isNaN(h.get(h.size() - 1).trainForceRmse());
        List<BufferedImage> panels = new ArrayList<>();
        panels.add(BitmapEncoder.getBufferedImage(chart(h, "Energy RMSE", energyUnit + "/atom",
                EpochStats::trainEnergyRmse, EpochStats::validationEnergyRmse, "train")));
        if (forces) panels.add(BitmapEncoder.getBufferedImage(chart(h, "Force RMSE", energyUnit + "/" + lengthUnit,
                EpochStats::trainForceRmse, EpochStats::validationForceRmse, trainForceLabel)));
        boolean stress = !h.isEmpty() && !Double.isNaN(h.get(h.size() - 1).trainStressRmse());
        if (stress) panels.add(BitmapEncoder.getBufferedImage(chart(h, "Stress RMSE", energyUnit + "/" + lengthUnit + "^3",
                EpochStats::trainStressRmse, EpochStats::validationStressRmse, "train")));
        int w = 0, height = 0;
        for (BufferedImage p : panels) { w += p.getWidth(); height = Math.max(height, p.getHeight()); }
        BufferedImage img = new BufferedImage(w, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        int x = 0;
        for (BufferedImage p : panels) { g.drawImage(p, x, 0, null); x += p.getWidth(); }
        g.dispose();
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
        try {
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            Files.write(tmp, png.toByteArray());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a plot is a convenience; the CSV has the numbers
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    private static XYChart chart(List<EpochStats> h, String title, String unit,
                                 ToDoubleFunction<EpochStats> train, ToDoubleFunction<EpochStats> validation, String trainLabel) {
        XYChart c = new XYChartBuilder().width(520).height(380).title(title).xAxisTitle("epoch").yAxisTitle(unit).build();
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        add(c, trainLabel, h, train);
        add(c, "validation", h, validation);
        return c;
    }

    private static void add(XYChart c, String name, List<EpochStats> h, ToDoubleFunction<EpochStats> f) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (EpochStats s : h) {
            double v = f.applyAsDouble(s);
            if (v > 0 && Double.isFinite(v)) { xs.add((double) s.epoch()); ys.add(v); }
        }
        if (xs.isEmpty()) return;
        XYSeries series = c.addSeries(name, xs, ys);
        series.setMarker(SeriesMarkers.NONE);
    }
}
