# podpath verify --kernel=vm, inside the VM: run by the initramfs's /init (busybox sh, PID 1) from
# the exchange folder, which podpath shares read-write with the VM (the only folder of the machine
# the VM can write). The machine's /usr and /etc are shared read-only, so that the programs the
# plans run are the machine's own.
#
# Then, for N = 1, 2...: when podpath has written the plan folder run-N/ and then the file run-N.go,
# run-N/sandbox-run.sh runs it exactly as on the machine (the same sandbox, inside this kernel);
# its transcript goes to run-N.out, its exit status to run-N.status (written last). The file stop
# ends the VM (podpath kills it too when it is done with it), and so does waiting longer than the
# file idle's seconds for a next plan.
b=/podpath/root/busybox
x=/exchange
$b mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro usr /usr || {
  echo "podpath-vm: the machine's /usr could not be mounted" >"$x/failed"
  $b poweroff -f
}
$b mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro etc /etc || {
  echo "podpath-vm: the machine's /etc could not be mounted" >"$x/failed"
  $b poweroff -f
}
$b mount -t tmpfs -o mode=0755 run /run
$b mount -t tmpfs -o mode=1777 tmp /tmp
$b mkdir -p /dev/pts /dev/shm /dev/net
$b mount -t devpts -o ptmxmode=0666 devpts /dev/pts
$b mount -t tmpfs -o mode=1777 shm /dev/shm
# /dev/fd and the standard streams, as udev makes them: bash's process substitution (<(...)) opens
# /dev/fd/N (verify --pcap's capture_start reads the devices that way); devtmpfs has none of them
$b ln -sf /proc/self/fd /dev/fd
$b ln -sf /proc/self/fd/0 /dev/stdin
$b ln -sf /proc/self/fd/1 /dev/stdout
$b ln -sf /proc/self/fd/2 /dev/stderr
# /dev/net/tun, as every machine has it (the module adds no device of its own to a namespace)
/podpath/modprobe tun
$b hostname podpath-vm
$b ip link set lo up 2>/dev/null
echo "$($b uname -r)" >"$x/ready.tmp" && $b mv "$x/ready.tmp" "$x/ready"

idle_limit=$(($($b cat "$x/idle" 2>/dev/null || echo 1800) * 10))
n=1
idle=0
while :; do
  if [ -f "$x/run-$n.go" ]; then
    # the modules the scenario's devices need (ipip...), loaded as root on a machine has them
    # loaded on demand (ip tunnel add asks for netdev-tunl0, which the sandbox's user namespace
    # may not load); unloaded after the run, so that the next plan starts without them
    modules=$($b grep -E '^[a-z0-9_]+$' "$x/run-$n/modules" 2>/dev/null)
    {
      echo "# vm: Debian's kernel under qemu-system-x86_64; this machine's /usr and /etc, read-only${modules:+; modules loaded: $(echo $modules)}"
      for m in $modules; do /podpath/modprobe "$m" || echo "# vm: modprobe $m failed"; done
      PODPATH_SANDBOX_STAGE=outer /usr/bin/bash "$x/run-$n/sandbox-run.sh" "$x/run-$n" 2>&1
    } >"$x/run-$n.out"
    for m in $modules; do /podpath/modprobe -r "$m" 2>/dev/null; done
    echo $? >"$x/run-$n.status.tmp"
    $b mv "$x/run-$n.status.tmp" "$x/run-$n.status"
    n=$((n + 1))
    idle=0
  elif [ -f "$x/stop" ] || [ $idle -ge $idle_limit ]; then
    $b poweroff -f
  else
    $b usleep 100000
    idle=$((idle + 1))
  fi
done
