package dev.podpath.model.paste;

import java.util.Objects;
import java.util.Optional;

/**
 * A shell prompt at the start of a pasted line, and the command typed after it.
 *
 * <pre>{@code
 * [root@node1 ~]# ip route          host node1, command "ip route"
 * root@worker-1:/# ip -j addr       host worker-1
 * node2:~#                          host node2, no command
 * $ sudo iptables-save              no host
 * / # ip route                      no host (busybox, in a pod)
 * }</pre>
 *
 * @param host the host name the prompt shows, when it shows one
 * @param command what was typed after it, stripped; empty for a bare prompt
 */
public record Prompt(Optional<String> host, String command) {
  public Prompt {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(command, "command");
  }
}
