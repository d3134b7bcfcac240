package dev.podpath.trace.render.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pcap-ng file (the blocks {@link PcapNg} writes, and those of Wireshark's {@code
 * dumpcap}): each section's interfaces (name, link type, timestamp resolution) and its packets
 * (Enhanced and Simple Packet Blocks), in file order; other blocks are skipped. Both byte orders,
 * and several sections one after the other, are read. A damaged file is an {@link IOException}
 * saying where.
 */
public final class PcapNgReader {

  /** One captured packet: the interface's name and link type, the time, the captured bytes. */
  public record Packet(String interfaceName, int linkType, long timeNanos, byte[] bytes) {
    public Packet {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  private record Interface(String name, int linkType, long unitsPerSecond, boolean power2) {}

  private static final int SHB = 0x0A0D0D0A;
  private static final int IDB = 0x00000001;
  private static final int SPB = 0x00000003;
  private static final int EPB = 0x00000006;
  private static final int MAGIC = 0x1A2B3C4D;

  private PcapNgReader() {}

  /** The packets of {@code file}; {@code name} says which file in an error. */
  public static List<Packet> read(byte[] file, String name) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(file);
    List<Packet> out = new ArrayList<>();
    List<Interface> interfaces = new ArrayList<>();
    boolean sectionSeen = false;
    while (b.remaining() > 0) {
      int start = b.position();
      if (b.remaining() < 12) {
        throw damaged(name, start, "a block cut short");
      }
      int type = b.order(ByteOrder.LITTLE_ENDIAN).getInt(start);
      if (type == SHB) {
        int magic = b.getInt(start + 8);
        b.order(magic == MAGIC ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        if (b.getInt(start + 8) != MAGIC) {
          throw damaged(name, start, "a section header without the byte-order magic");
        }
        interfaces.clear();
        sectionSeen = true;
      } else if (!sectionSeen) {
        throw damaged(name, start, "not a pcap-ng file (no section header first)");
      }
      int length = b.getInt(start + 4);
      if (length < 12 || length % 4 != 0 || length > b.remaining()) {
        throw damaged(name, start, "a block of length " + length);
      }
      ByteBuffer body = b.slice(start + 8, length - 12).order(b.order());
      switch (type) {
        case IDB -> interfaces.add(idb(body, interfaces.size()));
        case EPB -> out.add(epb(body, interfaces, name, start));
        case SPB -> {
          if (interfaces.isEmpty()) {
            throw damaged(name, start, "a packet before any interface");
          }
          Interface i = interfaces.get(0);
          int captured = Math.min(body.getInt(0), body.capacity() - 4);
          byte[] bytes = new byte[Math.max(captured, 0)];
          body.get(4, bytes);
          out.add(new Packet(i.name(), i.linkType(), 0, bytes));
        }
        default -> {
          // statistics, name resolution, custom blocks: not needed here
        }
      }
      b.position(start + length);
    }
    return out;
  }

  private static Interface idb(ByteBuffer body, int id) {
    int linkType = Short.toUnsignedInt(body.getShort(0));
    String name = "interface " + id;
    long units = 1_000_000L;
    boolean power2 = false;
    int at = 8;
    while (at + 4 <= body.capacity()) {
      int code = Short.toUnsignedInt(body.getShort(at));
      int len = Short.toUnsignedInt(body.getShort(at + 2));
      if (code == 0 || at + 4 + len > body.capacity()) {
        break;
      }
      if (code == 2) {
        byte[] text = new byte[len];
        body.get(at + 4, text);
        name = new String(text, StandardCharsets.UTF_8);
      } else if (code == 9 && len >= 1) {
        int v = body.get(at + 4);
        power2 = (v & 0x80) != 0;
        units = power2 ? 1L << (v & 0x7f) : pow10(v & 0x7f);
      }
      at += 4 + ((len + 3) & ~3);
    }
    return new Interface(name, linkType, units, power2);
  }

  private static Packet epb(ByteBuffer body, List<Interface> interfaces, String name, int at)
      throws IOException {
    int id = body.getInt(0);
    if (id < 0 || id >= interfaces.size()) {
      throw damaged(name, at, "a packet of interface " + id + ", which is not described");
    }
    Interface i = interfaces.get(id);
    long ticks =
        (Integer.toUnsignedLong(body.getInt(4)) << 32) | Integer.toUnsignedLong(body.getInt(8));
    int captured = body.getInt(12);
    if (captured < 0 || 20 + captured > body.capacity()) {
      throw damaged(name, at, "a packet of " + captured + " bytes beyond its block");
    }
    byte[] bytes = new byte[captured];
    body.get(20, bytes);
    return new Packet(i.name(), i.linkType(), nanos(ticks, i), bytes);
  }

  private static long nanos(long ticks, Interface i) {
    long perSecond = i.unitsPerSecond();
    long seconds = ticks / perSecond;
    long rest = ticks % perSecond;
    return seconds * 1_000_000_000L + rest * 1_000_000_000L / perSecond;
  }

  private static long pow10(int exponent) {
    long v = 1;
    for (int k = 0; k < Math.min(exponent, 18); k++) {
      v *= 10;
    }
    return v;
  }

  private static IOException damaged(String name, int at, String what) {
    return new IOException(
        name + ": not a pcap-ng file podpath can read: " + what + " at byte " + at);
  }
}
