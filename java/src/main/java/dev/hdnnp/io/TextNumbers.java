package dev.hdnnp.io;

/**
 * Strict decimal parsing shared by the readers. {@link Double#parseDouble} alone accepts
 * "NaN", "Infinity", hex floats and a trailing 'd'/'f'; none of these belong in a data file, and
 * a value that overflows to infinity is as wrong as a literal "inf".
 */
final class TextNumbers {
    private TextNumbers() {}

    /** Parses a finite decimal number or throws an InputException naming file, line and field. */
    static double parse(String token, String file, int line, String field) {
        if (!isDecimal(token)) {
            throw new InputException(file, line, field + ": expected a finite decimal number, got '" + token + "'");
        }
        double v = Double.parseDouble(token);
        if (!Double.isFinite(v)) {
            throw new InputException(file, line, field + ": number '" + token + "' is out of the double range");
        }
        return v;
    }

    /**
     * A number as n2p2 files write it: a finite decimal, also with a Fortran exponent letter
     * (1.0d-3, as RuNNer writes). Hex floats, "inf"/"nan" and Java's 'f'/'d' suffixes are refused
     * with the file, line and field, although Java's own parser would accept them.
     */
    static double parseN2p2(String token, String file, int line, String field) {
        String t = token;
        int d = Math.max(t.indexOf('d'), t.indexOf('D'));
        if (d > 0 && d < t.length() - 1) t = t.substring(0, d) + 'e' + t.substring(d + 1);
        if (!isDecimal(t)) {
            throw new InputException(file, line, field + " '" + token + "' is not a finite number (expected a decimal such as -1.25E-03;"
                    + " n2p2 reads no hex floats, type suffixes, inf or nan)");
        }
        return parse(t, file, line, field);
    }

    /** [+-] digits [. digits] [(e|E) [+-] digits], with at least one mantissa digit. */
    static boolean isDecimal(String t) {
        int n = t.length(), i = 0;
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) i++;
        int digits = 0;
        while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') { i++; digits++; }
        if (i < n && t.charAt(i) == '.') {
            i++;
            while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') { i++; exp++; }
            if (exp == 0) return false;
        }
        return i == n;
    }

    /** Splits on runs of blanks and tabs; faster than a regex for the millions of lines of a data set. */
    static String[] fields(String line) {
        int n = line.length(), count = 0;
        for (int i = 0; i < n; ) {
            while (i < n && isBlank(line.charAt(i))) i++;
            if (i < n) count++;
            while (i < n && !isBlank(line.charAt(i))) i++;
        }
        String[] out = new String[count];
        int k = 0;
        for (int i = 0; i < n; ) {
            while (i < n && isBlank(line.charAt(i))) i++;
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) i++;
            if (i > start) out[k++] = line.substring(start, i);
        }
        return out;
    }

    static boolean isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000b'; }
}
