package dev.hdnnp;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages follow the data flow, with no edge pointing back: structures, their neighbours,
 * descriptors and networks, the potential, files, and on top the front ends (training, the C ABI
 * bridge, the command line). Checked on the compiled main classes.
 */
class PackageLayeringTest {
    /** Tiers from the bottom up; a package may use only packages of lower tiers, not its siblings. */
    private static final List<List<String>> TIERS = List.of(
            List.of("dev.hdnnp", "dev.hdnnp.structure"),   // Version; atoms, cells, elements
            List.of("dev.hdnnp.neighbor"),                 // neighbour lists and the neighbour gather
            List.of("dev.hdnnp.descriptor", "dev.hdnnp.nn"),
            List.of("dev.hdnnp.potential"),                // model, evaluator, prediction
            List.of("dev.hdnnp.io"),                       // file formats and the model resolver
            List.of("dev.hdnnp.train", "dev.hdnnp.bridge", "dev.hdnnp.ipi"),
            List.of("dev.hdnnp.cli"));

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.hdnnp");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.hdnnp.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void packagesUseOnlyLowerTiers() {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> tier : TIERS)
            for (String p : tier) rule = rule.layer(p).definedBy(p);
        for (int t = 0; t < TIERS.size(); t++) {
            List<String> above = new ArrayList<>();
            for (List<String> higher : TIERS.subList(t + 1, TIERS.size())) above.addAll(higher);
            for (String p : TIERS.get(t))
                rule = above.isEmpty() ? rule.whereLayer(p).mayNotBeAccessedByAnyLayer()
                        : rule.whereLayer(p).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
        }
        rule.check(main);
    }

    /** A new package must be placed in a tier, or the rule above would not see it. */
    @Test
    void everyClassIsInATier() {
        String[] all = TIERS.stream().flatMap(List::stream).toArray(String[]::new);
        classes().should().resideInAnyPackage(all)
                .because("every package needs a place in " + Arrays.toString(all)).check(main);
    }
}
