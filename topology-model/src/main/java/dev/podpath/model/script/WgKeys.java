package dev.podpath.model.script;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;

/**
 * WireGuard's keys: the public key of a private key, as {@code wg pubkey} and the kernel ({@code
 * curve25519_generate_public}) compute it: X25519 of the clamped private scalar with the base point
 * 9. The JDK's XDH provider clamps the scalar itself (RFC 7748).
 */
final class WgKeys {

  private WgKeys() {}

  /** The base64 public key of the base64 private key {@code privateKey} (32 bytes). */
  static String publicKey(String privateKey) {
    byte[] scalar = Base64.getDecoder().decode(privateKey);
    try {
      KeyFactory kf = KeyFactory.getInstance("XDH");
      PrivateKey priv =
          kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
      PublicKey base =
          kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
      KeyAgreement ka = KeyAgreement.getInstance("XDH");
      ka.init(priv);
      ka.doPhase(base, true);
      return Base64.getEncoder().encodeToString(ka.generateSecret());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's X25519 failed on a 32-byte key", e);
    }
  }
}
