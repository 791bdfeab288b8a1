package dev.hdnnp.train;

/**
 * Errors after one epoch, in the data's units: energies per atom, force components.
 * Force entries are NaN when no forces were used; validation entries NaN without a validation set.
 */
public record EpochStats(int epoch, double seconds,
                         double trainEnergyRmse, double trainEnergyMae, double trainForceRmse, double trainForceMae,
                         double validationEnergyRmse, double validationEnergyMae, double validationForceRmse, double validationForceMae) {

    static String csvHeader(String energyUnit, String lengthUnit) {
        String e = energyUnit + "_per_atom", f = energyUnit + "_per_" + lengthUnit;
        return "epoch,seconds,train_energy_rmse_" + e + ",train_energy_mae_" + e + ",train_force_rmse_" + f + ",train_force_mae_" + f
                + ",validation_energy_rmse_" + e + ",validation_energy_mae_" + e + ",validation_force_rmse_" + f + ",validation_force_mae_" + f;
    }

    String csvRow() {
        return epoch + "," + String.format(java.util.Locale.ROOT, "%.3f", seconds) + "," + trainEnergyRmse + "," + trainEnergyMae + "," + trainForceRmse + ","
                + trainForceMae + "," + validationEnergyRmse + "," + validationEnergyMae + "," + validationForceRmse + "," + validationForceMae;
    }
}
