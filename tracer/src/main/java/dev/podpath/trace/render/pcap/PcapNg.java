package dev.podpath.trace.render.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A pcap-ng file (the IETF draft "PCAP Next Generation Dump File Format", the format Wireshark and
 * {@code tshark} read and write) built in memory, little-endian: one Section Header Block, then
 * Interface Description Blocks and Enhanced Packet Blocks in the order they are added. Timestamps
 * are in nanoseconds ({@code if_tsresol} 9 on every interface).
 */
public final class PcapNg {

  /** LINKTYPE_ETHERNET: frames with their Ethernet header. */
  public static final int LINKTYPE_ETHERNET = 1;

  /** LINKTYPE_RAW: bare IPv4 packets (a TUN or IPIP device). */
  public static final int LINKTYPE_RAW = 101;

  private static final int SHB = 0x0A0D0D0A;
  private static final int IDB = 0x00000001;
  private static final int EPB = 0x00000006;
  private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

  private static final int OPT_ENDOFOPT = 0;
  private static final int OPT_COMMENT = 1;
  private static final int SHB_USERAPPL = 4;
  private static final int IF_NAME = 2;
  private static final int IF_DESCRIPTION = 3;
  private static final int IF_MACADDR = 6;
  private static final int IF_TSRESOL = 9;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int interfaces;

  /** A file whose section header names the application that wrote it. */
  public PcapNg(String application) {
    Options options = new Options();
    options.text(SHB_USERAPPL, application);
    ByteBuffer body = le(16);
    body.putInt(BYTE_ORDER_MAGIC);
    body.putShort((short) 1);
    body.putShort((short) 0);
    body.putLong(-1L); // section length not given
    block(SHB, body.array(), options.bytes());
  }

  /**
   * Adds an interface and returns its id (0, 1, ... in the order added).
   *
   * @param mac the device's MAC address (six bytes), if it has one
   */
  public int addInterface(
      int linkType, int snapLength, String name, String description, Optional<byte[]> mac) {
    Options options = new Options();
    options.text(IF_NAME, name);
    options.text(IF_DESCRIPTION, description);
    mac.ifPresent(m -> options.raw(IF_MACADDR, m));
    options.raw(IF_TSRESOL, new byte[] {9});
    ByteBuffer body = le(8);
    body.putShort((short) linkType);
    body.putShort((short) 0);
    body.putInt(snapLength);
    block(IDB, body.array(), options.bytes());
    return interfaces++;
  }

  /**
   * Adds a packet seen on interface {@code id} at {@code timeNanos}, with a comment; the captured
   * bytes are cut at the interface's snap length by the caller.
   */
  public void addPacket(
      int id, long timeNanos, byte[] captured, int originalLength, String comment) {
    if (id < 0 || id >= interfaces) {
      throw new IllegalArgumentException("no interface " + id);
    }
    Options options = new Options();
    options.text(OPT_COMMENT, comment);
    int padded = pad(captured.length);
    ByteBuffer body = le(20 + padded);
    body.putInt(id);
    body.putInt((int) (timeNanos >>> 32));
    body.putInt((int) timeNanos);
    body.putInt(captured.length);
    body.putInt(originalLength);
    body.put(captured);
    block(EPB, body.array(), options.bytes());
  }

  /** The file's bytes. */
  public byte[] bytes() {
    return out.toByteArray();
  }

  private void block(int type, byte[] body, byte[] options) {
    int total = 12 + body.length + options.length;
    ByteBuffer b = le(total);
    b.putInt(type);
    b.putInt(total);
    b.put(body);
    b.put(options);
    b.putInt(total);
    out.writeBytes(b.array());
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int pad(int length) {
    return (length + 3) & ~3;
  }

  /** A block's options, each padded to 32 bits, ended by {@code opt_endofopt}. */
  private static final class Options {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean any;

    void text(int code, String value) {
      raw(code, value.getBytes(StandardCharsets.UTF_8));
    }

    void raw(int code, byte[] value) {
      int length = Math.min(value.length, 0xffff);
      ByteBuffer b = le(4 + pad(length));
      b.putShort((short) code);
      b.putShort((short) length);
      b.put(value, 0, length);
      bytes.writeBytes(b.array());
      any = true;
    }

    byte[] bytes() {
      if (!any) {
        return new byte[0];
      }
      ByteBuffer end = le(4);
      end.putShort((short) OPT_ENDOFOPT);
      end.putShort((short) 0);
      bytes.writeBytes(end.array());
      return bytes.toByteArray();
    }
  }
}
