package dev.hdnnp.io;

import dev.hdnnp.potential.Model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Loads models: the project's own model file ({@link ModelFile}), or an n2p2 directory when its units are given. */
public final class ModelFiles {
    private ModelFiles() {}

    /**
     * Loads a model file of the project's own format. A directory is refused with a message
     * saying how to convert it: n2p2 directories carry no units, and guessing them would
     * silently scale every energy and force.
     */
    public static Model load(Path path) {
        if (Files.isDirectory(path))
            throw new InputException(path, 0, "is an n2p2 potential directory, which carries no units: convert it first with "
                    + "'hdnnp convert " + path + " model.json --length-unit bohr --energy-unit hartree' (use the units it was trained in)");
        if (!Files.exists(path)) throw new InputException(path, 0, "model file not found");
        return ModelFile.read(path);
    }

    /**
     * Loads an n2p2 potential directory (input.nn, scaling.data, weights.ZZZ.data) whose numbers
     * are in the given units (e.g. "bohr", "hartree").
     */
    public static Model loadN2p2(Path dir, String lengthUnit, String energyUnit) {
        return N2p2Potential.read(dir, lengthUnit, energyUnit);
    }
}
