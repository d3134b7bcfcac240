package dev.podpath.model.topo;

/**
 * Per-port bridge settings ({@code bridge link set dev X hairpin on learning off ...}).
 *
 * @param hairpin frames may leave through the port they came in on
 * @param learning source MACs of frames arriving here are learned
 * @param flood unknown unicast is flooded to this port
 */
public record BridgePort(boolean hairpin, boolean learning, boolean flood) {

  public static final BridgePort DEFAULTS = new BridgePort(false, true, true);
}
