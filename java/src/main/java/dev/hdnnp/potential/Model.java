package dev.hdnnp.potential;

import dev.hdnnp.io.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** TEMPORARY STUB on branch native (replaced by the core's Model when main is merged). */
public final class Model {
    private Model() {}

    public static Model load(Path p) {
        if (!Files.exists(p)) throw new InputException(p, 0, "no such file or directory");
        throw new InputException(p, 0, "model loading is not available yet (core not merged)");
    }

    public List<String> elements() { return List.of(); }
    public double cutoff() { return 0; }
    public String lengthUnit() { return "angstrom"; }
    public String energyUnit() { return "eV"; }
}
