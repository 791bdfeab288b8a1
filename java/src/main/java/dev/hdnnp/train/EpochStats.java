package dev.hdnnp.train;

/**
 * Errors after one epoch, in the data's units: energies per atom, force components, stress
 * components (energy/length³). Force and stress entries are NaN when they were not trained;
 * validation entries NaN without a validation set.
 */
public record EpochStats(int epoch, double seconds,
                         double trainEnergyRmse, double trainEnergyMae, double trainForceRmse, double trainForceMae,
                         double validationEnergyRmse, double validationEnergyMae, double validationForceRmse, double validationForceMae,
                         double trainStressRmse, double validationStressRmse) {

    static final int COLUMNS = 12;

    static String csvHeader(String energyUnit, String lengthUnit) {
        String e = energyUnit + "_per_atom", f = energyUnit + "_per_" + lengthUnit, s = energyUnit + "_per_" + lengthUnit + "3";
        return "epoch,seconds,train_energy_rmse_" + e + ",train_energy_mae_" + e + ",train_force_rmse_" + f + ",train_force_mae_" + f
                + ",validation_energy_rmse_" + e + ",validation_energy_mae_" + e + ",validation_force_rmse_" + f + ",validation_force_mae_" + f
                + ",train_stress_rmse_" + s + ",validation_stress_rmse_" + s;
    }

    String csvRow() {
        return epoch + "," + String.format(java.util.Locale.ROOT, "%.3f", seconds) + "," + trainEnergyRmse + "," + trainEnergyMae + "," + trainForceRmse + ","
                + trainForceMae + "," + validationEnergyRmse + "," + validationEnergyMae + "," + validationForceRmse + "," + validationForceMae
                + "," + trainStressRmse + "," + validationStressRmse;
    }

    double[] values() {
        return new double[]{epoch, seconds, trainEnergyRmse, trainEnergyMae, trainForceRmse, trainForceMae, validationEnergyRmse,
                validationEnergyMae, validationForceRmse, validationForceMae, trainStressRmse, validationStressRmse};
    }

    static EpochStats of(double[] v) {
        return new EpochStats((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
    }
}
