package dev.podpath.model.netfilter.parse;

import dev.podpath.model.netfilter.IpSet;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The ipsets of a namespace while {@code ipset} commands change them, refusing what ipset 7.17
 * refuses ({@link IpsetError}): a second set of the same name, a member twice (without {@code
 * -exist}), destroying a set a rule uses.
 */
public final class IpSetBuilder {

  /** The set types ipset 7.17 knows, with their old names. */
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("hash:ip", "hash:ip"),
          Map.entry("iphash", "hash:ip"),
          Map.entry("hash:net", "hash:net"),
          Map.entry("nethash", "hash:net"),
          Map.entry("hash:ip,port", "hash:ip,port"),
          Map.entry("ipporthash", "hash:ip,port"),
          Map.entry("hash:ip,port,ip", "hash:ip,port,ip"),
          Map.entry("ipportiphash", "hash:ip,port,ip"),
          Map.entry("hash:ip,port,net", "hash:ip,port,net"),
          Map.entry("ipportnethash", "hash:ip,port,net"),
          Map.entry("hash:net,port", "hash:net,port"),
          Map.entry("hash:net,net", "hash:net,net"),
          Map.entry("hash:net,port,net", "hash:net,port,net"),
          Map.entry("hash:net,iface", "hash:net,iface"),
          Map.entry("hash:ip,mark", "hash:ip,mark"),
          Map.entry("hash:mac", "hash:mac"),
          Map.entry("hash:ip,mac", "hash:ip,mac"),
          Map.entry("bitmap:ip", "bitmap:ip"),
          Map.entry("ipmap", "bitmap:ip"),
          Map.entry("bitmap:ip,mac", "bitmap:ip,mac"),
          Map.entry("macipmap", "bitmap:ip,mac"),
          Map.entry("bitmap:port", "bitmap:port"),
          Map.entry("portmap", "bitmap:port"),
          Map.entry("list:set", "list:set"),
          Map.entry("setlist", "list:set"));

  private static final class SetState {
    final String name;
    final String type;
    final Map<String, IpSet.Member> members = new LinkedHashMap<>();
    final Origin origin;

    SetState(String name, String type, Origin origin) {
      this.name = name;
      this.type = type;
      this.origin = origin;
    }
  }

  private final Map<String, SetState> sets = new LinkedHashMap<>();
  private final Predicate<String> referenced;

  IpSetBuilder(Predicate<String> referenced) {
    this.referenced = referenced;
  }

  void setFrom(IpSetBuilder other) {
    sets.clear();
    other.sets.forEach(
        (n, s) -> {
          SetState c = new SetState(s.name, s.type, s.origin);
          c.members.putAll(s.members);
          sets.put(n, c);
        });
  }

  /** Takes {@code loaded} (a snapshot's sets, as read) as the sets in place. */
  void load(java.util.Collection<IpSet> loaded) {
    sets.clear();
    for (IpSet set : loaded) {
      SetState c = new SetState(set.name(), set.type(), set.origin());
      set.members().forEach(m -> c.members.put(m.text(), m));
      sets.put(set.name(), c);
    }
  }

  public boolean exists(String name) {
    return sets.containsKey(name);
  }

  /** {@code ipset create NAME TYPE}; with {@code exist}, an identical set is no error. */
  public void create(String name, String type, boolean exist, Origin origin) {
    String t = TYPES.get(type);
    if (t == null) {
      throw new IpsetError("Syntax error: typename '" + type + "' is unknown");
    }
    if (name.length() > 31) {
      throw new IpsetError("Syntax error: setname '" + name + "' is longer than 31 characters");
    }
    SetState s = sets.get(name);
    if (s != null) {
      if (exist && s.type.equals(t)) {
        return;
      }
      throw new IpsetError("Set cannot be created: set with the same name already exists");
    }
    sets.put(name, new SetState(name, t, origin));
  }

  /** {@code ipset add NAME ELEM}. */
  public void add(String name, String element, boolean exist) {
    SetState s = require(name);
    for (IpSet.Member m : IpSetElements.parse(s.type, element)) {
      if (s.members.containsKey(m.text()) && !exist) {
        throw new IpsetError("Element cannot be added to the set: it's already added");
      }
      s.members.put(m.text(), m);
    }
  }

  /** {@code ipset del NAME ELEM}. */
  public void delete(String name, String element, boolean exist) {
    SetState s = require(name);
    for (IpSet.Member m : IpSetElements.parse(s.type, element)) {
      if (s.members.remove(m.text()) == null && !exist) {
        throw new IpsetError("Element cannot be deleted from the set: it's not added");
      }
    }
  }

  /** {@code ipset test NAME ELEM}: whether every member the element stands for is in the set. */
  public boolean test(String name, String element) {
    SetState s = require(name);
    return IpSetElements.parse(s.type, element).stream()
        .allMatch(m -> s.members.containsKey(m.text()));
  }

  /** {@code ipset destroy [NAME]}: sets a rule uses cannot go. */
  public void destroy(Optional<String> name) {
    List<String> names =
        name.map(
                n -> {
                  require(n);
                  return List.of(n);
                })
            .orElseGet(() -> new ArrayList<>(sets.keySet()));
    for (String n : names) {
      if (referenced.test(n)) {
        throw new IpsetError("Set cannot be destroyed: it is in use by a kernel component");
      }
    }
    names.forEach(sets::remove);
  }

  /** {@code ipset flush [NAME]}. */
  public void flush(Optional<String> name) {
    if (name.isPresent()) {
      require(name.get()).members.clear();
    } else {
      sets.values().forEach(s -> s.members.clear());
    }
  }

  /** {@code ipset rename FROM TO}. */
  public void rename(String from, String to) {
    SetState s = require(from);
    if (sets.containsKey(to)) {
      throw new IpsetError("Set cannot be created: set with the same name already exists");
    }
    if (referenced.test(from)) {
      throw new IpsetError("Set cannot be renamed: it is in use by a kernel component");
    }
    SetState r = new SetState(to, s.type, s.origin);
    r.members.putAll(s.members);
    sets.remove(from);
    sets.put(to, r);
  }

  private SetState require(String name) {
    SetState s = sets.get(name);
    if (s == null) {
      throw new IpsetError("The set with the given name does not exist");
    }
    return s;
  }

  Map<String, IpSet> build() {
    Map<String, IpSet> out = new LinkedHashMap<>();
    sets.forEach(
        (n, s) -> out.put(n, new IpSet(n, s.type, List.copyOf(s.members.values()), s.origin)));
    return out;
  }
}
