package dev.hdnnp.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Predicted against reference values as a PNG scatter plot with the diagonal, written atomically. */
final class ParityPlot {
    private ParityPlot() {}

    static void write(Path file, String title, String unit, double[] reference, double[] predicted, double rmse) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(640).height(600).title(title)
                .xAxisTitle("reference (" + unit + ")").yAxisTitle("predicted (" + unit + ")").build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int i = 0; i < reference.length; i++) {
            lo = Math.min(lo, Math.min(reference[i], predicted[i]));
            hi = Math.max(hi, Math.max(reference[i], predicted[i]));
        }
        XYSeries diag = chart.addSeries("y = x", new double[]{lo, hi}, new double[]{lo, hi});
        diag.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineColor(Color.GRAY);
        XYSeries pts = chart.addSeries(String.format(java.util.Locale.ROOT, "%d values, RMSE %.4g %s", reference.length, rmse, unit),
                reference, predicted);
        pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        pts.setMarker(SeriesMarkers.CIRCLE);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp.png");
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
