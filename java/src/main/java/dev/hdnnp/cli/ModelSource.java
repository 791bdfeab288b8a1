package dev.hdnnp.cli;

import dev.hdnnp.io.ModelResolver;
import dev.hdnnp.potential.Model;

import java.nio.file.Path;

/** The MODEL argument: parses {@code --n2p2-units} and leaves the rest to {@link ModelResolver}. */
final class ModelSource {
    private ModelSource() {}

    /** @param n2p2Units "length,energy" such as "bohr,hartree", or null */
    static Model load(Path model, String n2p2Units) {
        if (n2p2Units == null) return ModelResolver.resolve(model, null, null, "--n2p2-units bohr,hartree");
        String[] u = n2p2Units.split(",");
        if (u.length != 2 || u[0].isBlank() || u[1].isBlank())
            throw new IllegalArgumentException("--n2p2-units: expected '<length>,<energy>' such as 'bohr,hartree', got '" + n2p2Units + "'");
        return ModelResolver.resolve(model, u[0].trim(), u[1].trim(), "--n2p2-units bohr,hartree");
    }
}
