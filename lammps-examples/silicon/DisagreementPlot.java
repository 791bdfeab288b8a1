import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * The committee's force disagreement along a heating run against the true error of its mean force
 * (active-learning.sh), drawn with the XChart library that hdnnp.jar already carries, so the demo
 * needs no plotting package. Run as a source file:
 * {@code java -cp java/target/hdnnp.jar DisagreementPlot.java OUT.png TITLE RUN.csv}, RUN.csv as
 * written by {@code active-learning.py truth} (columns step, time_ps, temp_K, mean_devi_f,
 * max_devi_f, mean_err_f, max_err_f, ...; forces in eV/Å). Forces are plotted in meV/Å on the left
 * axis, the temperature on the right one.
 */
final class DisagreementPlot {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DisagreementPlot OUT.png TITLE RUN.csv");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        List<String> lines = Files.readAllLines(Path.of(args[2]));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int n = lines.size() - 1;
        String[] names = {"time_ps", "temp_K", "mean_devi_f", "max_devi_f", "mean_err_f", "max_err_f"};
        double[][] col = new double[names.length][n];
        for (int c = 0; c < names.length; c++) {
            int k = header.indexOf(names[c]);
            if (k < 0) throw new IllegalArgumentException(args[2] + " line 1: no column " + names[c]);
            for (int r = 0; r < n; r++) {
                String[] f = lines.get(r + 1).split(",");
                if (f.length != header.size())
                    throw new IllegalArgumentException(args[2] + " line " + (r + 2) + ": expected " + header.size() + " columns");
                col[c][r] = Double.parseDouble(f[k]) * (c >= 2 ? 1000.0 : 1.0);
            }
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(560).title(args[1])
                .xAxisTitle("time (ps)").yAxisTitle("force (meV/Å)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(5);
        chart.setYAxisGroupTitle(1, "temperature (K)");
        chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        String[] label = {"largest per-atom disagreement", "largest per-atom true error",
                "mean per-atom disagreement", "mean per-atom true error"};
        int[] which = {3, 5, 2, 4};
        Color[] colour = {new Color(0xd62728), new Color(0x1f77b4), new Color(0xff9896), new Color(0x9ecae1)};
        for (int s = 0; s < 4; s++) {
            XYSeries x = chart.addSeries(label[s], col[0], col[which[s]]);
            x.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            x.setMarker(s % 2 == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
            x.setLineColor(colour[s]);
            x.setMarkerColor(colour[s]);
        }
        XYSeries t = chart.addSeries("temperature (right axis)", col[0], col[1]);
        t.setYAxisGroup(1);
        t.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        t.setMarker(SeriesMarkers.NONE);
        t.setLineColor(Color.GRAY);
        t.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp.png");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
