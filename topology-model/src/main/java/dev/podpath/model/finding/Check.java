package dev.podpath.model.finding;

import java.util.List;

/** One kind of problem, looked for in the whole network. Each check is one small class. */
sealed interface Check
    permits RouteShadowCheck,
        RouteViaOwnAddressCheck,
        ConnectedRouteCheck,
        GatewayOnLinkCheck,
        NoRouteBackCheck,
        ForwardingOffCheck,
        BridgeForwardingOffCheck,
        RpFilterCheck,
        CiliumRpFilterCheck,
        BridgeNfCheck,
        VxlanCheck,
        VxlanNeighbourCheck,
        ForwardPolicyCheck,
        LocalEndpointCheck,
        TunnelPortCheck,
        CatchAllRuleCheck,
        TunnelMtuCheck,
        PodMtuCheck,
        ServiceEndpointsCheck,
        DuplicateAddressCheck,
        PodCidrCheck,
        CidrOverlapCheck,
        MissingPodRouteCheck,
        NoCarrierCheck,
        NodeAddressCheck,
        BridgePortsCheck,
        EcmpCheck {

  /** Every instance of the problem in the network {@code survey} examines. */
  List<Finding> find(Survey survey);
}
