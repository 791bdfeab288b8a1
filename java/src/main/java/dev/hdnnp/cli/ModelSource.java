package dev.hdnnp.cli;

import dev.hdnnp.io.ModelFiles;
import dev.hdnnp.potential.Model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the MODEL argument: the project's model file, or an n2p2 directory when {@code --n2p2-units} names its units. */
final class ModelSource {
    private ModelSource() {}

    /** @param n2p2Units "length,energy" such as "bohr,hartree", or null */
    static Model load(Path model, String n2p2Units) {
        if (n2p2Units == null && Files.isDirectory(model))
            throw new IllegalArgumentException(model + " is an n2p2 potential directory, which carries no units: give them with "
                    + "--n2p2-units, e.g. --n2p2-units bohr,hartree (the units it was trained in), or convert it once with "
                    + "'hdnnp convert " + model + " model.json --length-unit bohr --energy-unit hartree'");
        if (n2p2Units == null) return ModelFiles.load(model);
        String[] u = n2p2Units.split(",");
        if (u.length != 2 || u[0].isBlank() || u[1].isBlank())
            throw new IllegalArgumentException("--n2p2-units: expected '<length>,<energy>' such as 'bohr,hartree', got '" + n2p2Units + "'");
        if (!Files.isDirectory(model))
            throw new IllegalArgumentException("--n2p2-units is for n2p2 potential directories, but " + model + " is not a directory");
        return ModelFiles.loadN2p2(model, u[0].trim(), u[1].trim());
    }
}
