package dev.podpath.bench;

/**
 * A calendar queue (R. Brown, "Calendar queues", CACM 31(10), 1988), for comparison with {@link
 * dev.podpath.sim.engine.Scheduler}'s heap on ns-3's {@code bench-scheduler} workload: a year of
 * {@code buckets} days of {@code width} ns each, every day a list sorted by (time, order of
 * insertion) with a tail pointer (that workload puts ~1,000 events on the same nanosecond near the
 * start: without it each of them walked the whole day), resized (doubled or halved, the width
 * re-estimated from the events near the head) when the population leaves [buckets / 2, 2 buckets].
 * O(1) expected per operation when the width suits the spacing of the events.
 */
final class CalendarQueue {

  private static final class Node {
    final long time;
    final long seq;
    final Runnable action;
    Node next;

    Node(long time, long seq, Runnable action) {
      this.time = time;
      this.seq = seq;
      this.action = action;
    }
  }

  private Node[] days = new Node[2];
  private Node[] tails = new Node[2];
  private long width = 1;
  private int size;
  private int lastDay;
  private long lastTime;
  private long bucketTop = width;
  private long nextSeq;

  int size() {
    return size;
  }

  void add(long time, Runnable action) {
    insert(new Node(time, nextSeq++, action));
    if (size > 2 * days.length) {
      resize(days.length * 2);
    }
  }

  private void insert(Node n) {
    int day = (int) ((n.time / width) & (days.length - 1));
    Node p = days[day];
    if (p == null) {
      days[day] = n;
      tails[day] = n;
    } else if (!before(n, tails[day])) {
      tails[day].next = n;
      tails[day] = n;
    } else if (before(n, p)) {
      n.next = p;
      days[day] = n;
    } else {
      while (p.next != null && !before(n, p.next)) {
        p = p.next;
      }
      n.next = p.next;
      p.next = n;
    }
    size++;
  }

  private static boolean before(Node a, Node b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }

  /** The earliest event's time; the queue must not be empty. */
  long peekTime() {
    return head().time;
  }

  Runnable poll() {
    Node n = head();
    int day = (int) ((n.time / width) & (days.length - 1));
    days[day] = n.next;
    if (n.next == null) {
      tails[day] = null;
    }
    size--;
    lastDay = day;
    lastTime = n.time;
    bucketTop = (n.time / width + 1) * width;
    if (size < days.length / 2 && days.length > 2) {
      resize(days.length / 2);
    }
    return n.action;
  }

  private Node head() {
    int day = lastDay;
    long top = bucketTop;
    for (int i = 0; i < days.length; i++) {
      Node n = days[day];
      if (n != null && n.time < top) {
        lastDay = day;
        bucketTop = top;
        return n;
      }
      day = (day + 1) & (days.length - 1);
      top += width;
    }
    Node best = null; // a year with nothing in it: the earliest of all, directly
    for (Node n : days) {
      if (n != null && (best == null || before(n, best))) {
        best = n;
      }
    }
    lastDay = (int) ((best.time / width) & (days.length - 1));
    bucketTop = (best.time / width + 1) * width;
    return best;
  }

  private void resize(int buckets) {
    long w = estimateWidth();
    Node[] old = days;
    days = new Node[buckets];
    tails = new Node[buckets];
    width = Math.max(1, w);
    size = 0;
    for (Node head : old) {
      for (Node n = head; n != null; ) {
        Node next = n.next;
        n.next = null;
        insert(n);
        n = next;
      }
    }
    lastDay = (int) ((lastTime / width) & (days.length - 1));
    bucketTop = (lastTime / width + 1) * width;
  }

  /** Three times the mean gap between the first events (Brown's rule), from up to 25 of them. */
  private long estimateWidth() {
    int sample = Math.min(size, 25);
    if (sample < 2) {
      return width;
    }
    long[] times = new long[size];
    int k = 0;
    for (Node head : days) {
      for (Node n = head; n != null; n = n.next) {
        times[k++] = n.time;
      }
    }
    java.util.Arrays.sort(times);
    long span = times[sample - 1] - times[0];
    return Math.max(1, 3 * span / (sample - 1));
  }
}
