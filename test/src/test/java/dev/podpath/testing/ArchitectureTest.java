package dev.podpath.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout podpath keeps, checked by machine (docs/architecture.md): data flows one way, model
 * <- simulator <- tracer; no package cycles (the ones it started with are frozen in
 * {@code archunit_store/} and may only shrink); names from the kernel, not Manager/Util.
 */
final class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importPodpath() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.podpath");
  }

  @Test
  void dataFlowsOneWay_modelSimulatorTracer() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("model").definedBy("dev.podpath.model..")
        .layer("simulator").definedBy("dev.podpath.sim..")
        .layer("tracer").definedBy("dev.podpath.trace..")
        .whereLayer("tracer").mayNotBeAccessedByAnyLayer()
        .whereLayer("simulator").mayOnlyBeAccessedByLayers("tracer")
        .whereLayer("model").mayOnlyBeAccessedByLayers("simulator", "tracer")
        .check(classes);
  }

  @Test
  void theCommandLine_isUsedByNothingElse() {
    noClasses().that().resideOutsideOfPackage("dev.podpath.trace.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.podpath.trace.cli..")
        .check(classes);
  }

  @Test
  void packages_haveNoNewCycles() {
    ArchRule rule = slices().matching("dev.podpath.(**)").should().beFreeOfCycles();
    FreezingArchRule.freeze(rule).check(classes);
  }

  @Test
  void domainClasses_areNamedAfterWhatTheyModel_notManagersOrUtils() {
    noClasses().should().haveSimpleNameEndingWith("Manager")
        .orShould().haveSimpleNameEndingWith("Util")
        .orShould().haveSimpleNameEndingWith("Utils")
        .orShould().haveSimpleNameEndingWith("Helper")
        .check(classes);
  }

  @Test
  void theModel_neitherPrintsNorExits() {
    noClasses().that().resideInAnyPackage("dev.podpath.model..", "dev.podpath.sim..")
        .should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .orShould().callMethod(System.class, "exit", int.class)
        .check(classes);
  }
}
