package dev.podpath.model.build;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.topo.NetnsName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The MAC addresses podpath makes up where neither a script nor a dump gives one: the one generator
 * of stand-in MACs. The kernel picks a random locally administered unicast address ({@code
 * eth_random_addr()}); podpath derives one from SHA-256 of where the device is, so that the same
 * input always gives the same addresses: for a script's device, the script's file name (its last
 * path component, so the directory it is run from does not matter), the namespace, the device name
 * and the creation count ({@link #next}); for a snapshot's device whose dump shows no MAC, the
 * node, the namespace and the device ({@link #of}).
 */
public final class MacSource {

  private final String file;
  private int count;

  public MacSource(String file) {
    String f = file.replace('\\', '/');
    this.file = f.substring(f.lastIndexOf('/') + 1);
  }

  /** The MAC of the next device the script creates without one. */
  public MacAddress next(NetnsName netns, String device) {
    count++;
    return of(file, netns.value(), device, Integer.toString(count));
  }

  /**
   * A locally administered unicast MAC derived from {@code place} (its parts joined by NUL): the
   * same parts give the same address.
   */
  public static MacAddress of(String... place) {
    byte[] h = sha256(String.join("\0", place));
    long bits = 0;
    for (int k = 0; k < 6; k++) {
      bits = (bits << 8) | (h[k] & 0xFF);
    }
    long first = ((bits >>> 40) & 0xFE) | 0x02;
    return new MacAddress((first << 40) | (bits & 0xFF_FFFF_FFFFL));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
  }
}
