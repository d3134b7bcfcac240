#!/usr/bin/env bash
# podpath verify --kernel=vm: fetches the kernel the VM boots and builds its initramfs.
#
#   vm-kernel-fetch.sh DIR        (podpath verify --fetch-vm-kernel runs it; DIR is the cache,
#                                  ${XDG_CACHE_HOME:-~/.cache}/podpath/vm by default)
#
# It downloads, with `apt-get download` (no installation, nothing on the machine changes but DIR),
# Debian's stock kernel (the package linux-image-amd64 depends on: linux-image-6.1.*-amd64 on
# Debian 12) and busybox-static, and writes into DIR:
#   vmlinuz             the kernel
#   initramfs.cpio.gz   busybox, the kernel's network, netfilter, virtio and 9p modules (with their
#                       modules.dep and modules.alias, for loading on demand), and a small /init
#                       that mounts the exchange folder shared by podpath and runs podpath's
#                       vm-init.sh from it (so a newer podpath needs no new initramfs)
#   kernel-version      the kernel's release (uname -r in the VM)
# The guest's other programs (ip, iptables, ping, nc, traceroute...) are the machine's own, shared
# read-only into the VM (VmKernel, docs/verify.md).
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
die() {
  echo "vm-kernel-fetch: $*" >&2
  exit 2
}
[ $# -eq 1 ] || die "usage: $0 DIR"
dir=$1
for t in apt-get apt-cache dpkg-deb gzip find; do
  command -v "$t" >/dev/null || die "missing on this machine: $t (fetching Debian's kernel needs apt on a Debian or Ubuntu machine)"
done
mkdir -p "$dir"
dir=$(realpath "$dir")
work=$(mktemp -d "$dir/fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

image=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }')
[ -n "$image" ] || die "apt knows no linux-image-amd64 here (apt-get update? a Debian or Ubuntu source list?)"
echo "vm-kernel-fetch: downloading $image and busybox-static" >&2
apt-get download -q "$image" busybox-static >&2 || die "apt-get download $image busybox-static failed"
dpkg-deb -x ./"$image"_*.deb kernel
dpkg-deb -x ./busybox-static_*.deb busybox
version=$(ls kernel/lib/modules | head -1)
[ -n "$version" ] && [ -f "kernel/boot/vmlinuz-$version" ] || die "$image holds no kernel image"

# The initramfs: /init, /podpath/root (busybox and the modules: /podpath/modprobe runs busybox's
# modprobe chrooted there, for the kernel's requests and for /init)
root=initramfs/podpath/root
mkdir -p initramfs/{proc,sys,dev,run,tmp,usr,etc,var,exchange} "$root/lib/modules/$version"
ln -s usr/bin initramfs/bin
ln -s usr/sbin initramfs/sbin
ln -s usr/lib initramfs/lib
ln -s usr/lib64 initramfs/lib64
ln -s ../run initramfs/var/run
cp busybox/bin/busybox "$root/busybox"
src=kernel/lib/modules/$version
cp "$src"/modules.builtin "$src"/modules.order "$root/lib/modules/$version/"
# the network stack, netfilter, tunnels and virtual devices (veth, vxlan, geneve, wireguard,
# dummy...), Open vSwitch, the crypto and library modules they use, and virtio/9p to reach the
# machine's files; no hardware drivers
(cd "$src" && find kernel/net kernel/drivers/net kernel/drivers/virtio kernel/fs/9p kernel/fs/netfs \
  kernel/fs/fscache kernel/fs/overlayfs kernel/lib kernel/crypto kernel/arch/x86/crypto \
  -name '*.ko' \
  -not -path 'kernel/drivers/net/ethernet/*' -not -path 'kernel/drivers/net/wireless/*' \
  -not -path 'kernel/drivers/net/usb/*' -not -path 'kernel/drivers/net/can/*' \
  -not -path 'kernel/drivers/net/wan/*' -not -path 'kernel/drivers/net/ieee802154/*' \
  -not -path 'kernel/drivers/net/hyperv/*' -not -path 'kernel/drivers/net/phy/*' \
  -not -path 'kernel/drivers/net/pcs/*' -not -path 'kernel/drivers/net/mdio/*' \
  -not -path 'kernel/drivers/net/dsa/*' -not -path 'kernel/drivers/net/ipa/*' \
  -not -path 'kernel/drivers/net/fddi/*' -not -path 'kernel/drivers/net/hamradio/*' \
  -not -path 'kernel/drivers/net/arcnet/*' -not -path 'kernel/drivers/net/wwan/*' \
  -not -path 'kernel/net/wireless/*' -not -path 'kernel/net/mac80211/*' \
  -not -path 'kernel/net/bluetooth/*' -not -path 'kernel/net/nfc/*' \
  2>/dev/null || true) | while read -r m; do
  mkdir -p "$root/lib/modules/$version/$(dirname "$m")"
  cp "$src/$m" "$root/lib/modules/$version/$m"
done
# modules.dep and modules.alias: the kernel's own rtnl-link-ipip, net-pf-..., nft-chain-... names
"$root/busybox" depmod -b "$root" "$version" || die "depmod failed"
for m in 9p 9pnet_virtio virtio_pci ipip veth bridge vxlan nf_tables; do
  grep -q "/$m.ko:" "$root/lib/modules/$version/modules.dep" || die "module $m is missing from the initramfs"
done

cat >initramfs/podpath/modprobe <<'EOF'
#!/podpath/root/busybox sh
# the kernel's modprobe (kernel.modprobe): busybox's, over the initramfs's modules
exec /podpath/root/busybox chroot /podpath/root /busybox modprobe "$@"
EOF
cat >initramfs/init <<'EOF'
#!/podpath/root/busybox sh
# podpath's VM (vm-kernel-fetch.sh): reach the exchange folder, then run podpath's vm-init.sh there
b=/podpath/root/busybox
$b mount -t proc proc /proc
$b mount -t sysfs sysfs /sys
$b mount -t devtmpfs devtmpfs /dev
echo /podpath/modprobe >/proc/sys/kernel/modprobe
for m in virtio_pci 9pnet_virtio 9p; do /podpath/modprobe "$m" || echo "podpath-vm: modprobe $m failed"; done
if $b mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 exchange /exchange && [ -f /exchange/vm-init.sh ]; then
  exec $b sh /exchange/vm-init.sh
fi
echo "podpath-vm: the exchange folder could not be mounted"
$b poweroff -f
EOF
chmod 755 initramfs/init initramfs/podpath/modprobe
(cd initramfs && find . | "$OLDPWD/$root/busybox" cpio -o -H newc -R 0:0 2>/dev/null) | gzip -1 >initramfs.cpio.gz
cp "kernel/boot/vmlinuz-$version" "$dir/vmlinuz.tmp"
mv initramfs.cpio.gz "$dir/initramfs.cpio.gz.tmp"
mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
mv "$dir/initramfs.cpio.gz.tmp" "$dir/initramfs.cpio.gz"
echo "$version" >"$dir/kernel-version"
echo "vm-kernel-fetch: kernel $version in $dir ($(du -h "$dir/initramfs.cpio.gz" | cut -f1) initramfs)" >&2
