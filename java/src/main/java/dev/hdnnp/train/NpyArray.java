package dev.hdnnp.train;

import dev.hdnnp.io.InputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} array (format versions 1–3): C-order float32, float64, int32 or int64,
 * either byte order, read into doubles.
 */
public record NpyArray(int[] shape, double[] data) {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fi])(\\d)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public static NpyArray read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file, 0, "file not found");
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + e.getMessage());
        }
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY"))
            throw new InputException(file, 0, "not a .npy file (missing the \\x93NUMPY magic)");
        int major = bytes[6];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen, start;
        if (major == 1) { headerLen = b.getShort(8) & 0xffff; start = 10; }
        else if (major == 2 || major == 3) { headerLen = b.getInt(8); start = 12; }
        else throw new InputException(file, 0, ".npy format version " + major + " is not supported");
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) throw new InputException(file, 0, "unsupported .npy header (need a numeric dtype and a shape): " + header.trim());
        if (f.find() && f.group(1).equals("True")) throw new InputException(file, 0, "Fortran-ordered arrays are not supported; save with numpy.ascontiguousarray");
        char kind = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3));
        if (!((kind == 'f' && (size == 4 || size == 8)) || (kind == 'i' && (size == 4 || size == 8))))
            throw new InputException(file, 0, "dtype " + d.group(0) + " is not supported (float32/64, int32/64)");
        String[] dims = s.group(1).split(",");
        int count = 0;
        for (String dim : dims) if (!dim.isBlank()) count++;
        int[] shape = new int[count];
        long total = 1;
        int q = 0;
        for (String dim : dims) if (!dim.isBlank()) { shape[q] = Integer.parseInt(dim.trim()); total *= shape[q++]; }
        int dataStart = start + headerLen;
        if (bytes.length - dataStart < total * size)
            throw new InputException(file, 0, "file is truncated: shape needs " + total * size + " bytes of data, found " + (bytes.length - dataStart));
        b.order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[(int) total];
        for (int i = 0; i < out.length; i++) {
            int at = dataStart + i * size;
            out[i] = kind == 'f' ? (size == 4 ? b.getFloat(at) : b.getDouble(at)) : (size == 4 ? b.getInt(at) : (double) b.getLong(at));
        }
        return new NpyArray(shape, out);
    }
}
