package dev.podpath.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.packet.TcpFlags;
import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.netfilter.StatisticPin;
import dev.podpath.sim.netfilter.TcpConntrackState;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.SocketError;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout podpath keeps, checked by machine (docs/architecture.md): data flows one way, model <-
 * simulator <- tracer; no package cycles (frozen in {@code archunit_store/}, which holds none: a
 * new cycle fails); the tracer does not call its renderers, and nothing but a renderer reads the
 * text of a typed decision; names from the kernel, not Manager/Util.
 */
final class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importPodpath() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.podpath");
  }

  @Test
  void dataFlowsOneWay_modelSimulatorTracer() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("model")
        .definedBy("dev.podpath.model..")
        .layer("simulator")
        .definedBy("dev.podpath.sim..")
        .layer("tracer")
        .definedBy("dev.podpath.trace..")
        .whereLayer("tracer")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("simulator")
        .mayOnlyBeAccessedByLayers("tracer")
        .whereLayer("model")
        .mayOnlyBeAccessedByLayers("simulator", "tracer")
        .check(classes);
  }

  @Test
  void theCommandLine_isUsedByNothingElse() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.podpath.trace.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.podpath.trace.cli..")
        .check(classes);
  }

  @Test
  void theApi_isUsableWithoutTheCommandLine_orAnyUiToolkit() {
    noClasses()
        .that()
        .resideInAPackage("dev.podpath.trace.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.podpath.trace.cli..", "picocli..", "javafx..")
        .because(
            "the CLI, the GUI and the matrix share trace.api (docs/architecture.md, \"Using podpath"
                + " from Java\"); the CLI is a layer over it, not under it")
        .check(classes);
  }

  @Test
  void packages_haveNoNewCycles() {
    ArchRule rule = slices().matching("dev.podpath.(**)").should().beFreeOfCycles();
    FreezingArchRule.freeze(rule).check(classes);
  }

  @Test
  void domainClasses_areNamedAfterWhatTheyModel_notManagersOrUtils() {
    noClasses()
        .should()
        .haveSimpleNameEndingWith("Manager")
        .orShould()
        .haveSimpleNameEndingWith("Util")
        .orShould()
        .haveSimpleNameEndingWith("Utils")
        .orShould()
        .haveSimpleNameEndingWith("Helper")
        .check(classes);
  }

  /**
   * The model's value packages and the kernel's configuration rules ({@code model.build}) stand
   * apart from the readers that fill them (scripts, dumps, snapshot folders, pastes, iptables-save
   * text) and from the findings that analyse them: a reader may change without the model knowing.
   */
  @Test
  void theModel_dependsOnNoReader() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.podpath.model.addr..",
            "dev.podpath.model.topo..",
            "dev.podpath.model.route..",
            "dev.podpath.model.neigh..",
            "dev.podpath.model.bridge..",
            "dev.podpath.model.sysctl..",
            "dev.podpath.model.packet..",
            "dev.podpath.model.origin..",
            "dev.podpath.model.kube..",
            "dev.podpath.model.collect..",
            "dev.podpath.model.errno..",
            "dev.podpath.model.build..")
        .or()
        .resideInAPackage("dev.podpath.model.netfilter")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.podpath.model.script..",
            "dev.podpath.model.dump..",
            "dev.podpath.model.iproute2..",
            "dev.podpath.model.snapshot..",
            "dev.podpath.model.paste..",
            "dev.podpath.model.netfilter.parse..",
            "dev.podpath.model.io..",
            "dev.podpath.model.finding..")
        .check(classes);
  }

  /**
   * One builder makes every {@code Topology} (docs/architecture.md, "Readers and the model"): the
   * interpreter and the snapshot assembly feed {@code model.build.TopologyBuilder}, so a fact read
   * from a dump and the same fact typed as a command make the same model.
   */
  @Test
  void onlyTheBuilder_makesATopology() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.podpath.model.build..")
        .should()
        .callConstructorWhere(
            new DescribedPredicate<>("a constructor of Topology") {
              @Override
              public boolean test(com.tngtech.archunit.core.domain.JavaConstructorCall call) {
                return call.getTargetOwner().isEquivalentTo(dev.podpath.model.topo.Topology.class);
              }
            })
        .check(classes);
  }

  /**
   * The builder holds the kernel's configuration rules (docs/architecture.md, "Readers and the
   * model"): its state changes only through the named operations that apply them ({@code
   * NetDevices.setMtu}, {@code Devinet.add}, {@code FdbTable.update}...), so no field of {@code
   * model.build} is open for a reader to write past them.
   */
  @Test
  void theBuilder_hasNoPublicWritableField() {
    fields()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("dev.podpath.model.build..")
        .and()
        .arePublic()
        .should()
        .beFinal()
        .because(
            "a reader that writes a builder's field skips the kernel's checks the builder applies")
        .check(classes);
  }

  @Test
  void theModel_neitherPrintsNorExits() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.podpath.model..", "dev.podpath.sim..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(System.class, "exit", int.class)
        .check(classes);
  }

  @Test
  void theTracer_doesNotCallItsRenderers() {
    noClasses()
        .that()
        .resideInAPackage("dev.podpath.trace")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.podpath.trace.render..")
        .because(
            "trace produces typed results (Trace, ProbeAnswer, Traceroute.Result); trace.render prints them")
        .check(classes);
  }

  /** The values decisions are made on; their text is only for the reader. */
  private static final List<Class<?>> TYPED_DECISIONS =
      List.of(
          PacketRole.class,
          Errno.class,
          SocketError.class,
          DropReason.class,
          Disposition.class,
          TcpFlags.class,
          TcpConntrackState.class,
          StatisticPin.class);

  private static final Set<String> TEXT_METHODS = Set.of("name", "toString", "text", "explain");

  /**
   * Where the text of a typed decision may be read: the renderers, the command line, the verifier's
   * report (it compares the kernel's text with podpath's), and a typed value's own text (an {@code
   * explain()} built from its errno's); and, each for the output it composes and never reads back,
   * {@code ip route get}'s line ({@code RTNETLINK answers: ...}), {@code conntrack -L}'s line, and
   * an ignored ARP request's reason (a drop reason's explanation), and the words a configuration
   * tool prints for a refusal ({@code RTNETLINK answers: File exists}, the interpreter's {@code
   * CommandError}).
   */
  private static final DescribedPredicate<JavaMethodCall> TEXT_OF_A_TYPED_DECISION =
      new DescribedPredicate<>(
          "the text (name(), toString(), text(), explain()) of "
              + TYPED_DECISIONS.stream().map(Class::getSimpleName).toList()) {
        @Override
        public boolean test(JavaMethodCall call) {
          JavaClass target = call.getTargetOwner();
          JavaClass origin = call.getOriginOwner();
          boolean typed = TYPED_DECISIONS.stream().anyMatch(target::isAssignableTo);
          // a typed value composing its own text from another's (SocketError.explain() from its
          // Errno's)
          boolean ownText = TYPED_DECISIONS.stream().anyMatch(origin::isAssignableTo);
          return typed && !ownText && TEXT_METHODS.contains(call.getName());
        }
      };

  @Test
  void nothingButARenderer_readsTheTextOfATypedDecision() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.podpath.trace.render..", "dev.podpath.trace.cli..", "dev.podpath.trace.verify..")
        .and()
        .doNotHaveFullyQualifiedName("dev.podpath.sim.net.RouteGet")
        .and()
        .doNotHaveFullyQualifiedName("dev.podpath.sim.netfilter.ConntrackEntry")
        .and()
        .doNotHaveFullyQualifiedName("dev.podpath.sim.net.Arp")
        .and()
        .doNotHaveFullyQualifiedName("dev.podpath.model.script.CommandError")
        .should()
        .callMethodWhere(TEXT_OF_A_TYPED_DECISION)
        .because(
            "a decision made with a type is decided once and compared as a value, never as its text"
                + " (docs/architecture.md, \"Nothing branches on text\")")
        .check(classes);
  }

  // ---- the datapath: kernel subsystems behind narrow interfaces (docs/architecture.md) ----

  private static final String SIM_NET = "dev.podpath.sim.net";

  /**
   * The subsystems of {@code sim.net}: each is built with the interfaces of those it calls and
   * provides its own ({@code Bridging} is a {@code BridgeLayer}, and calls a {@code LinkOutput}).
   */
  private static final Set<String> SUBSYSTEMS =
      Set.of(
          "Links",
          "Bridging",
          "Neighbours",
          "Arp",
          "IpStack",
          "LocalOut",
          "Icmp",
          "Tcp",
          "NetfilterHooks",
          "Vxlan",
          "Geneve",
          "WireGuard",
          "Ipip",
          "Tun",
          "TunnelOutput");

  /** What a subsystem's constructor may take besides interfaces: the run, and shared run state. */
  private static final Set<String> RUN_STATE =
      Set.of(
          SIM_NET + ".Run",
          SIM_NET + ".ArpExits",
          SIM_NET + ".PathMtu",
          SIM_NET + ".Redirects",
          SIM_NET + ".LocalSockets",
          "dev.podpath.sim.netfilter.Netfilter");

  /** Where the subsystems are built and wired: the only classes that may name them. */
  private static final Set<String> WIRING = Set.of(SIM_NET + ".Datapath", SIM_NET + ".Simulation");

  private static JavaClass outermost(JavaClass c) {
    JavaClass at = c;
    for (Optional<JavaClass> up = at.getEnclosingClass();
        up.isPresent();
        up = at.getEnclosingClass()) {
      at = up.get();
    }
    return at;
  }

  private static boolean isSubsystem(JavaClass c) {
    JavaClass top = outermost(c);
    return top.getPackageName().equals(SIM_NET) && SUBSYSTEMS.contains(top.getSimpleName());
  }

  @Test
  void theDatapathsSubsystems_reachEachOtherOnlyThroughTheirInterfaces() {
    ArchCondition<JavaClass> onlyInterfaces =
        new ArchCondition<>("depend on no other subsystem's class (only on its interface)") {
          @Override
          public void check(JavaClass origin, ConditionEvents events) {
            JavaClass self = outermost(origin);
            for (Dependency d : origin.getDirectDependenciesFromSelf()) {
              JavaClass target = d.getTargetClass().getBaseComponentType();
              if (isSubsystem(target) && !outermost(target).equals(self)) {
                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
              }
            }
          }
        };
    noClasses()
        .that()
        .resideOutsideOfPackage(SIM_NET)
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe("are subsystems of sim.net", ArchitectureTest::isSubsystem))
        .check(classes);
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
        .that()
        .resideInAPackage(SIM_NET)
        .and(
            DescribedPredicate.describe(
                "are not the wiring (Datapath, Simulation)",
                c -> !WIRING.contains(outermost(c).getName())))
        .should(onlyInterfaces)
        .because(
            "a subsystem is called through the narrow interface it provides (what a bridge needs"
                + " from the links, and nothing else), so that it can be tested on its own")
        .check(classes);
  }

  @Test
  void theDatapathsSubsystems_takeTheirCollaboratorsAsInterfaces_inTheirConstructors() {
    ArchCondition<JavaClass> injected =
        new ArchCondition<>("take only interfaces and the run's state in their constructors") {
          @Override
          public void check(JavaClass c, ConditionEvents events) {
            for (JavaConstructor k : c.getConstructors()) {
              for (JavaClass p : k.getRawParameterTypes()) {
                if (!p.isInterface() && !RUN_STATE.contains(p.getName())) {
                  events.add(
                      SimpleConditionEvent.violated(
                          k, k.getFullName() + " takes the class " + p.getName()));
                }
              }
            }
          }
        };
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
        .that(
            DescribedPredicate.describe(
                "are subsystems of sim.net", c -> isSubsystem(c) && outermost(c).equals(c)))
        .should(injected)
        .check(classes);
  }

  @Test
  void nothingInTheDatapath_reachesIntoTheSimulation() {
    noClasses()
        .that()
        .resideInAPackage(SIM_NET)
        .and(
            DescribedPredicate.describe(
                "are not the Simulation", c -> !outermost(c).isEquivalentTo(Simulation.class)))
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(Simulation.class)
        .because(
            "the subsystems share a Run (clock, step log, network), not the Simulation's fields")
        .check(classes);
  }
}
