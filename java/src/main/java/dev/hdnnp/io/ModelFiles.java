package dev.hdnnp.io;

import dev.hdnnp.potential.Model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Loads models: the project's own model file, or an n2p2 directory when units are given. */
public final class ModelFiles {
    private ModelFiles() {}

    public static Model load(Path path) {
        if (Files.isDirectory(path))
            throw new InputException(path, 0, "is an n2p2 potential directory, which carries no units: convert it first with "
                    + "'hdnnp convert " + path + " model.json --length-unit bohr --energy-unit hartree' (use the units it was trained in)");
        throw new InputException(path, 0, "the project's own model format is not readable yet");
    }
}
