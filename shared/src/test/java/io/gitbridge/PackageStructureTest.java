package io.gitbridge;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class PackageStructureTest {

    private static final JavaClasses SHARED = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gitbridge");

    @Test
    void topLevelPackages_doNotImportEachOther() {
        // hook and provider once did (HookEvents lived in hook); each package's subpackages count as the package.
        slices().matching("io.gitbridge.(*)..").should().beFreeOfCycles().check(SHARED);
    }

    @Test
    void providers_doNotDependOnHooks() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAPackage("io.gitbridge.provider..")
                .should().dependOnClassesThat().resideInAPackage("io.gitbridge.hook..")
                .check(SHARED);
    }
}
