package dev.jinit.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal grouped bar chart as a standalone SVG string: one group of bars per contender,
 * one bar per series (p50, p90, p99...), its value written at its end. The axis is linear from
 * zero, or logarithmic in powers of ten for latencies whose tails are orders of magnitude above
 * their medians. A contender with no value (not installed) gets a note instead of bars.
 */
final class BarChart {
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2"};
    private static final int WIDTH = 760;
    private static final int LABEL_WIDTH = 120;
    private static final int VALUE_WIDTH = 90;
    private static final int BAR_HEIGHT = 14;
    private static final int GROUP_GAP = 12;
    private static final int TOP = 56;
    private static final int AXIS_HEIGHT = 34;
    private static final int LINEAR_TICKS = 5;

    enum Scale {
        LINEAR,
        /** Powers of ten when the values span ten times or more; linear otherwise, where a log axis would flatten them. */
        LOGARITHMIC
    }

    /** One contender's bars; {@code values} empty when there is nothing to draw, with {@code note} saying why. */
    record Group(String label, List<Double> values, String note, boolean highlighted) {}

    /** Where values fall between the plot's left edge (0) and right edge (1), and the values to mark. */
    private record Axis(double min, double max, Scale scale) {
        static Axis fitting(List<Double> values, Scale scale) {
            double largest = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            double smallest = values.stream().mapToDouble(Double::doubleValue).filter(value -> value > 0).min().orElse(1);
            if (scale == Scale.LINEAR || largest < 10 * smallest) {
                return new Axis(0, niceCeiling(largest), Scale.LINEAR);
            }
            return new Axis(Math.pow(10, Math.floor(Math.log10(smallest))), Math.pow(10, Math.ceil(Math.log10(largest))),
                    Scale.LOGARITHMIC);
        }

        double fraction(double value) {
            return scale == Scale.LINEAR ? value / max
                    : (Math.log10(Math.max(value, min)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (scale == Scale.LINEAR) {
                for (int tick = 0; tick <= LINEAR_TICKS; tick++) {
                    ticks.add(max * tick / LINEAR_TICKS);
                }
            } else {
                for (double tick = min; tick <= max * 1.001; tick *= 10) {
                    ticks.add(tick);
                }
            }
            return ticks;
        }
    }

    private final String title;
    private final String unit;
    private final List<String> series;
    private final Scale scale;
    private final List<Group> groups = new ArrayList<>();

    BarChart(String title, String unit, List<String> series, Scale scale) {
        this.title = title;
        this.unit = unit;
        this.series = List.copyOf(series);
        this.scale = scale;
    }

    BarChart add(Group group) {
        if (!group.values().isEmpty() && group.values().size() != series.size()) {
            throw new IllegalArgumentException(group.label() + ": " + group.values().size() + " values for " + series.size() + " series");
        }
        groups.add(group);
        return this;
    }

    String toSvg() {
        int groupHeight = series.size() * BAR_HEIGHT + GROUP_GAP;
        int plotHeight = groups.size() * groupHeight;
        int height = TOP + plotHeight + AXIS_HEIGHT;
        int plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        Axis axis = Axis.fitting(groups.stream().flatMap(group -> group.values().stream()).toList(), scale);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        svg.append(text(LABEL_WIDTH, 20, "start", "font-size=\"15\" font-weight=\"bold\"", title));
        legend(svg);
        for (double tick : axis.ticks()) {
            double x = LABEL_WIDTH + plotWidth * axis.fraction(tick);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, TOP - 4, x, TOP + plotHeight));
            svg.append(text(x, TOP + plotHeight + 16, "middle", "fill=\"#555\"",
                    new BigDecimal(format(tick)).stripTrailingZeros().toPlainString()));
        }
        svg.append(text(LABEL_WIDTH + plotWidth / 2.0, TOP + plotHeight + 31, "middle", "fill=\"#555\"",
                unit + (axis.scale() == Scale.LOGARITHMIC ? " (logarithmic scale)" : "")));
        for (int i = 0; i < groups.size(); i++) {
            Group group = groups.get(i);
            int y = TOP + i * groupHeight;
            String weight = group.highlighted() ? "font-weight=\"bold\"" : "";
            svg.append(text(LABEL_WIDTH - 8, y + series.size() * BAR_HEIGHT / 2.0 + 4, "end", weight, group.label()));
            if (group.values().isEmpty()) {
                svg.append(text(LABEL_WIDTH + 6, y + series.size() * BAR_HEIGHT / 2.0 + 4, "start",
                        "fill=\"#888\" font-style=\"italic\"", group.note()));
                continue;
            }
            for (int s = 0; s < series.size(); s++) {
                double value = group.values().get(s);
                double barWidth = Math.max(1, plotWidth * axis.fraction(value));
                int barY = y + s * BAR_HEIGHT;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s: %s %s</title></rect>%n",
                        LABEL_WIDTH, barY + 1, barWidth, BAR_HEIGHT - 2, PALETTE[s % PALETTE.length],
                        escape(group.label()), escape(series.get(s)), format(value), escape(unit)));
                svg.append(text(LABEL_WIDTH + barWidth + 4, barY + BAR_HEIGHT - 3, "start", "font-size=\"11\"", format(value)));
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private void legend(StringBuilder svg) {
        if (series.size() < 2) {
            return;
        }
        int x = LABEL_WIDTH;
        for (int s = 0; s < series.size(); s++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"32\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    x, PALETTE[s % PALETTE.length]));
            svg.append(text(x + 16, 42, "start", "", series.get(s)));
            x += 24 + 8 * series.get(s).length();
        }
    }

    private static String text(double x, double y, String anchor, String attributes, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>%n",
                x, y, anchor, attributes, escape(content));
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** Three significant figures at most, no exponent. */
    static String format(double value) {
        if (value == 0) {
            return "0";
        }
        int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(Math.abs(value))));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
