package dev.podpath.model.finding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings engine: every {@link Check} run over a network, the same finding reported once,
 * errors first.
 *
 * <pre>{@code
 * List<Finding> f = Findings.of(NetworkFacts.snapshot(snapshot));
 * List<Finding> g = Findings.of(NetworkFacts.scenario(scenario.topology()));
 * }</pre>
 */
public final class Findings {

  private static final List<Check> CHECKS =
      List.of(
          new RouteShadowCheck(),
          new RouteViaOwnAddressCheck(),
          new ConnectedRouteCheck(),
          new GatewayOnLinkCheck(),
          new NoRouteBackCheck(),
          new ForwardingOffCheck(),
          new BridgeForwardingOffCheck(),
          new RpFilterCheck(),
          new CiliumRpFilterCheck(),
          new BridgeNfCheck(),
          new VxlanCheck(),
          new VxlanNeighbourCheck(),
          new ForwardPolicyCheck(),
          new LocalEndpointCheck(),
          new TunnelPortCheck(),
          new CatchAllRuleCheck(),
          new TunnelMtuCheck(),
          new PodMtuCheck(),
          new ServiceEndpointsCheck(),
          new DuplicateAddressCheck(),
          new PodCidrCheck(),
          new CidrOverlapCheck(),
          new MissingPodRouteCheck(),
          new NoCarrierCheck(),
          new NodeAddressCheck(),
          new BridgePortsCheck(),
          new EcmpCheck());

  private static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::code)
          .thenComparing(Finding::subject);

  private Findings() {}

  /** Every finding in {@code facts}, errors first, then by code and subject. */
  public static List<Finding> of(NetworkFacts facts) {
    Map<Finding.Key, Finding> unique = new LinkedHashMap<>();
    Survey survey = new Survey(facts);
    for (Check c : CHECKS) {
      for (Finding f : c.find(survey)) {
        unique.putIfAbsent(f.key(), f);
      }
    }
    List<Finding> out = new ArrayList<>(unique.values());
    out.sort(ORDER);
    return out;
  }
}
