package dev.hdnnp.io;

import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Units;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one place that turns a path into a model, for the command line and the C ABI alike: the
 * project's own model file ({@link ModelFile}), which records its units, or an n2p2 potential
 * directory, which records none and so needs them given. Guessing them would silently scale every
 * energy and force, hence a directory without units is refused with a message saying what to give.
 */
public final class ModelResolver {
    private ModelResolver() {}

    /** Loads a model file of the project's own format; a directory is refused (it needs units). */
    public static Model load(Path path) {
        return resolve(path, null, null, null);
    }

    /**
     * Loads a model file, or an n2p2 directory in the given units.
     *
     * @param lengthUnit  length unit of an n2p2 directory (e.g. "bohr"), or null; a model file
     *                    accepts units only when they are the ones it records
     * @param energyUnit  energy unit, given together with the length unit or not at all
     * @param howToGive   how the caller's user gives the units, for the message when a directory
     *                    comes without them (e.g. "--n2p2-units bohr,hartree"), or null
     */
    public static Model resolve(Path path, String lengthUnit, String energyUnit, String howToGive) {
        if ((lengthUnit == null) != (energyUnit == null))
            throw new IllegalArgumentException("give both the length and the energy unit of the model, or neither");
        if (lengthUnit != null) {
            lengthUnit = Units.lengthUnit(lengthUnit);
            energyUnit = Units.energyUnit(energyUnit);
        }
        if (Files.isDirectory(path)) {
            if (lengthUnit == null)
                throw new InputException(path, 0, "is an n2p2 potential directory, which carries no units: "
                        + (howToGive == null ? "" : "give them with " + howToGive + " (the units it was trained in), or ")
                        + "convert it first with 'hdnnp convert " + path + " model.json --length-unit bohr --energy-unit hartree'"
                        + " (use the units it was trained in)");
            return N2p2Potential.read(path, lengthUnit, energyUnit);
        }
        if (!Files.exists(path)) throw new InputException(path, 0, "model file not found (no such file or directory)");
        Model model = ModelFile.read(path);
        if (lengthUnit != null && !(lengthUnit.equals(model.lengthUnit()) && energyUnit.equals(model.energyUnit())))
            throw new InputException(path, 0, "the model records its units (" + model.lengthUnit() + ", "
                    + model.energyUnit() + "); units given for it (" + lengthUnit + ", " + energyUnit
                    + ") are only for n2p2 directories, which record none");
        return model;
    }
}
