package dev.podpath.model.build;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.topo.NetnsName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The MAC addresses a device gets when the script does not choose one. The kernel picks a random
 * locally administered unicast address ({@code eth_random_addr()}); podpath derives one from the
 * script's file name (its last path component, so the directory it is run from does not matter),
 * the namespace, the device name and the creation count, so that the same script always gives the
 * same addresses.
 */
public final class MacSource {

  private final String file;
  private int count;

  public MacSource(String file) {
    String f = file.replace('\\', '/');
    this.file = f.substring(f.lastIndexOf('/') + 1);
  }

  public MacAddress next(NetnsName netns, String device) {
    count++;
    byte[] h = sha256(file + '\0' + netns.value() + '\0' + device + '\0' + count);
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
