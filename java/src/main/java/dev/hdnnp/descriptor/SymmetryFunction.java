package dev.hdnnp.descriptor;

import dev.hdnnp.structure.Elements;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One atom-centred symmetry function, as written on an n2p2 {@code symfunction_short} line.
 * Lengths are in the model's length unit, angles in degrees. Fields a type does not use are 0
 * (numbers) or null (element symbols, subtype). For two-neighbour types, e1 and e2 are ordered
 * by atomic number (n2p2 swaps them the same way).
 */
public record SymmetryFunction(SymmetryFunctionType type, String center, String e1, String e2,
                               double eta, double rs, double lambda, double zeta, double rc,
                               double rl, double thetaL, double thetaR, String subtype) {

    public SymmetryFunction {
        if (!Elements.isElement(center)) throw new IllegalArgumentException("'" + center + "' is not an element");
        if (!(rc > 0) || !Double.isFinite(rc)) throw new IllegalArgumentException("cutoff must be positive, got " + rc);
        if (e1 != null && e2 != null && Elements.atomicNumber(e1) > Elements.atomicNumber(e2)) {
            String t = e1; e1 = e2; e2 = t;
        }
        if (type.compact()) {
            if (!(rl < rc)) throw new IllegalArgumentException("compact symmetry function needs rl < rc, got rl=" + rl + " rc=" + rc);
            coreOf(subtype);
            if (type.angular()) {
                if (!(thetaL < thetaR)) throw new IllegalArgumentException("angular window needs thetal < thetar, got " + thetaL + " and " + thetaR);
                if (thetaR - thetaL > 360.0) throw new IllegalArgumentException("angular window wider than 360 degrees");
                double c = 0.5 * (thetaL + thetaR);
                if ((thetaL < 0.0 || thetaR > 180.0) && c != 0.0 && c != 180.0)
                    throw new IllegalArgumentException("an angular window reaching outside [0, 180] degrees must be centred at 0 or 180");
            }
        } else if (type.angular()) {
            if (!(zeta >= 1.0)) throw new IllegalArgumentException("zeta must be >= 1, got " + zeta);
        }
        if (!type.compact() && !(eta >= 0)) throw new IllegalArgumentException("eta must be >= 0, got " + eta);
    }

    /**
     * Parses the tokens after {@code symfunction_short}: {@code <ec> <type> <parameters...>}.
     * Throws IllegalArgumentException with a message saying which parameter was wrong.
     */
    public static SymmetryFunction parse(String[] t) {
        if (t.length < 2) throw new IllegalArgumentException("expected '<element> <type> <parameters...>'");
        String ec = element(t[0]);
        int code = integer(t[1], "type");
        SymmetryFunctionType type = SymmetryFunctionType.ofCode(code);
        return switch (type) {
            case RADIAL -> {
                count(t, 6, 6, "<ec> 2 <e1> <eta> <rs> <rc>");
                yield new SymmetryFunction(type, ec, element(t[2]), null, num(t[3], "eta"), num(t[4], "rs"), 0, 0, num(t[5], "rc"), 0, 0, 0, null);
            }
            case ANGULAR_NARROW, ANGULAR_WIDE -> {
                count(t, 8, 9, "<ec> " + code + " <e1> <e2> <eta> <lambda> <zeta> <rc> [<rs>]");
                yield new SymmetryFunction(type, ec, element(t[2]), element(t[3]), num(t[4], "eta"), t.length == 9 ? num(t[8], "rs") : 0.0,
                        num(t[5], "lambda"), num(t[6], "zeta"), num(t[7], "rc"), 0, 0, 0, null);
            }
            case WEIGHTED_RADIAL -> {
                count(t, 5, 5, "<ec> 12 <eta> <rs> <rc>");
                yield new SymmetryFunction(type, ec, null, null, num(t[2], "eta"), num(t[3], "rs"), 0, 0, num(t[4], "rc"), 0, 0, 0, null);
            }
            case WEIGHTED_ANGULAR -> {
                count(t, 7, 7, "<ec> 13 <eta> <rs> <lambda> <zeta> <rc>");
                yield new SymmetryFunction(type, ec, null, null, num(t[2], "eta"), num(t[3], "rs"), num(t[4], "lambda"), num(t[5], "zeta"), num(t[6], "rc"), 0, 0, 0, null);
            }
            case COMPACT_RADIAL -> {
                count(t, 6, 6, "<ec> 20 <e1> <rl> <rc> <subtype>");
                yield new SymmetryFunction(type, ec, element(t[2]), null, 0, 0, 0, 0, num(t[4], "rc"), num(t[3], "rl"), 0, 0, t[5]);
            }
            case COMPACT_ANGULAR_NARROW, COMPACT_ANGULAR_WIDE -> {
                count(t, 9, 9, "<ec> " + code + " <e1> <e2> <rl> <rc> <thetal> <thetar> <subtype>");
                yield new SymmetryFunction(type, ec, element(t[2]), element(t[3]), 0, 0, 0, 0, num(t[5], "rc"), num(t[4], "rl"),
                        num(t[6], "thetal"), num(t[7], "thetar"), t[8]);
            }
            case COMPACT_WEIGHTED_RADIAL -> {
                count(t, 5, 5, "<ec> 23 <rl> <rc> <subtype>");
                yield new SymmetryFunction(type, ec, null, null, 0, 0, 0, 0, num(t[3], "rc"), num(t[2], "rl"), 0, 0, t[4]);
            }
            case COMPACT_WEIGHTED_ANGULAR_NARROW, COMPACT_WEIGHTED_ANGULAR_WIDE -> {
                count(t, 7, 7, "<ec> " + code + " <rl> <rc> <thetal> <thetar> <subtype>");
                yield new SymmetryFunction(type, ec, null, null, 0, 0, 0, 0, num(t[3], "rc"), num(t[2], "rl"),
                        num(t[4], "thetal"), num(t[5], "thetar"), t[6]);
            }
        };
    }

    /** Parses a whole line "symfunction_short ..." or just its parameters. */
    public static SymmetryFunction parse(String line) {
        String[] t = line.trim().split("\\s+");
        if (t.length > 0 && (t[0].equals("symfunction_short") || t[0].equals("symfunction"))) {
            String[] rest = new String[t.length - 1];
            System.arraycopy(t, 1, rest, 0, rest.length);
            t = rest;
        }
        return parse(t);
    }

    /** The parameters as n2p2 writes them after {@code symfunction_short}; numbers round-trip exactly. */
    public String toN2p2() {
        List<String> t = new ArrayList<>();
        t.add(center);
        t.add(Integer.toString(type.code()));
        switch (type) {
            case RADIAL -> { t.add(e1); t.add(n(eta)); t.add(n(rs)); t.add(n(rc)); }
            case ANGULAR_NARROW, ANGULAR_WIDE -> { t.add(e1); t.add(e2); t.add(n(eta)); t.add(n(lambda)); t.add(n(zeta)); t.add(n(rc)); t.add(n(rs)); }
            case WEIGHTED_RADIAL -> { t.add(n(eta)); t.add(n(rs)); t.add(n(rc)); }
            case WEIGHTED_ANGULAR -> { t.add(n(eta)); t.add(n(rs)); t.add(n(lambda)); t.add(n(zeta)); t.add(n(rc)); }
            case COMPACT_RADIAL -> { t.add(e1); t.add(n(rl)); t.add(n(rc)); t.add(subtype); }
            case COMPACT_ANGULAR_NARROW, COMPACT_ANGULAR_WIDE -> { t.add(e1); t.add(e2); t.add(n(rl)); t.add(n(rc)); t.add(n(thetaL)); t.add(n(thetaR)); t.add(subtype); }
            case COMPACT_WEIGHTED_RADIAL -> { t.add(n(rl)); t.add(n(rc)); t.add(subtype); }
            case COMPACT_WEIGHTED_ANGULAR_NARROW, COMPACT_WEIGHTED_ANGULAR_WIDE -> { t.add(n(rl)); t.add(n(rc)); t.add(n(thetaL)); t.add(n(thetaR)); t.add(subtype); }
        }
        return String.join(" ", t);
    }

    /** The core function of a compact subtype: p1..p4 or e, with an optional trailing 'a' (asymmetric). */
    public static CoreFunction coreOf(String subtype) {
        if (subtype == null) throw new IllegalArgumentException("missing subtype (p1, p2, p3, p4, e, optionally with a trailing 'a')");
        String s = subtype.endsWith("a") ? subtype.substring(0, subtype.length() - 1) : subtype;
        return switch (s) {
            case "p1" -> CoreFunction.POLY1;
            case "p2" -> CoreFunction.POLY2;
            case "p3" -> CoreFunction.POLY3;
            case "p4" -> CoreFunction.POLY4;
            case "e" -> CoreFunction.EXP;
            default -> throw new IllegalArgumentException("unknown compact subtype '" + subtype + "' (p1, p2, p3, p4, e, optionally with a trailing 'a')");
        };
    }

    public boolean asymmetric() { return subtype != null && subtype.endsWith("a"); }

    /** n2p2's order of the network inputs of one element (n2p2-formats §3.6). */
    public static final Comparator<SymmetryFunction> N2P2_ORDER = (a, b) -> {
        int c = Integer.compare(a.type.code(), b.type.code());
        if (c != 0) return c;
        return switch (a.type) {
            case RADIAL -> chain(Double.compare(a.rc, b.rc), Double.compare(a.eta, b.eta), Double.compare(a.rs, b.rs), z(a.e1, b.e1));
            case ANGULAR_NARROW, ANGULAR_WIDE -> chain(Double.compare(a.rc, b.rc), Double.compare(a.eta, b.eta), Double.compare(a.rs, b.rs),
                    Double.compare(a.zeta, b.zeta), Double.compare(a.lambda, b.lambda), z(a.e1, b.e1), z(a.e2, b.e2));
            case WEIGHTED_RADIAL -> chain(Double.compare(a.rc, b.rc), Double.compare(a.eta, b.eta), Double.compare(a.rs, b.rs));
            case WEIGHTED_ANGULAR -> chain(Double.compare(a.rc, b.rc), Double.compare(a.eta, b.eta), Double.compare(a.rs, b.rs),
                    Double.compare(a.zeta, b.zeta), Double.compare(a.lambda, b.lambda));
            case COMPACT_RADIAL -> chain(a.subtype.compareTo(b.subtype), z(a.e1, b.e1), Double.compare(a.rc, b.rc), Double.compare(a.rl, b.rl));
            case COMPACT_ANGULAR_NARROW, COMPACT_ANGULAR_WIDE -> chain(a.subtype.compareTo(b.subtype), z(a.e1, b.e1), z(a.e2, b.e2),
                    Double.compare(a.rc, b.rc), Double.compare(a.rl, b.rl), Double.compare(a.thetaL, b.thetaL), Double.compare(a.thetaR, b.thetaR));
            case COMPACT_WEIGHTED_RADIAL -> chain(a.subtype.compareTo(b.subtype), Double.compare(a.rc, b.rc), Double.compare(a.rl, b.rl));
            case COMPACT_WEIGHTED_ANGULAR_NARROW, COMPACT_WEIGHTED_ANGULAR_WIDE -> chain(a.subtype.compareTo(b.subtype),
                    Double.compare(a.rc, b.rc), Double.compare(a.rl, b.rl), Double.compare(a.thetaL, b.thetaL), Double.compare(a.thetaR, b.thetaR));
        };
    };

    private static int chain(int... cs) {
        for (int c : cs) if (c != 0) return c;
        return 0;
    }

    private static int z(String a, String b) {
        return Integer.compare(Elements.atomicNumber(a), Elements.atomicNumber(b));
    }

    private static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%.1f", v);
        return Double.toString(v);
    }

    private static void count(String[] t, int min, int max, String syntax) {
        if (t.length < min || t.length > max)
            throw new IllegalArgumentException("expected " + syntax + " (" + (min == max ? min : min + "-" + max) + " fields), got " + t.length + " fields");
    }

    private static String element(String s) {
        if (!Elements.isElement(s)) throw new IllegalArgumentException("'" + s + "' is not an element symbol");
        return s;
    }

    private static int integer(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is not an integer");
        }
    }

    static double num(String s, String what) {
        double v;
        try {
            v = Double.parseDouble(s.replace('d', 'e').replace('D', 'E'));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a number");
        }
        if (!Double.isFinite(v)) throw new IllegalArgumentException(what + " '" + s + "' is not finite");
        return v;
    }
}
