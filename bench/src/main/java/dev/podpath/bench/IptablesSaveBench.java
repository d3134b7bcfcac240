package dev.podpath.bench;

import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.parse.IptablesSaveParser;
import dev.podpath.model.netfilter.parse.NetfilterParseException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading an {@code iptables-save} dump as a snapshot does ({@link IptablesSaveParser}, the lenient
 * builder): kube-proxy's rules for {@code services} ClusterIP Services of 3 endpoints each ({@link
 * KubeProxyRules}: 11 rules per Service, 110,008 rules at 10,000). One operation is the whole dump
 * read into a {@link Ruleset}; rules per second = rules / (seconds per operation), printed by
 * {@code bench/run-trace.sh}. With {@code -prof gc}, {@code gc.alloc.rate.norm} divided by the
 * rules is the bytes allocated per rule.
 *
 * <pre>
 *   java -jar bench/target/benchmarks.jar IptablesSaveBench -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class IptablesSaveBench {

  @Param({"10000"})
  public int services;

  private String dump;

  /** The rules the dump holds (110,008 at 10,000 Services). */
  public int rules;

  @Setup
  public void setUp() throws NetfilterParseException {
    dump = KubeProxyRules.generate(services, 3);
    rules = IptablesSaveParser.parse("kube.rules", dump).rules().size();
  }

  @Benchmark
  public Ruleset read() throws NetfilterParseException {
    return IptablesSaveParser.parse("kube.rules", dump);
  }
}
