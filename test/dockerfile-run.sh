#!/usr/bin/env bash
# Runs a Dockerfile's steps without Docker, for a machine with neither a Docker engine nor a
# registry to pull base images from (DockerfileTest; README, "Installing without Maven").
#
#   test/dockerfile-run.sh CONTEXT WORK [ARG... [--next ARG...]...]     (as root)
#
# It reads CONTEXT/Dockerfile and executes its instructions in order, the text of each RUN as it
# is, in one chroot per stage, then runs the last stage's ENTRYPOINT with ARGs (or its CMD) in it,
# once for each group of ARGs (separated by --next), as docker run would; its exit status is the
# last failing run's, or 0.
# WORK is a folder for the stages' file systems; WORK/base, a Debian 12 (bookworm) made by
# debootstrap --variant=minbase, is made once and reused. Everything runs in a private mount
# namespace (unshare --mount): the mounts the chroots need vanish with it, and nothing is written
# outside WORK (PODPATH_DOCKERFILE_VOLUME=HOST:DIR, as docker run -v HOST:DIR -w DIR, shows a
# folder of the machine to the command). The network is the machine's (apt-get in a RUN fetches packages, as in a build).
#
# A base image is pulled from nowhere: each FROM this runner knows has a stand-in, named in its
# output, and any other FROM stops it:
#   maven:3.9-eclipse-temurin-17  Debian 12 with this machine's JDK 17 and Maven bound read-only
#                                 (/usr/lib/jvm, /usr/share/maven) and its ~/.m2 under an overlay
#                                 (read, never written)
#   eclipse-temurin:17-jre        Debian 12 with openjdk-17-jre-headless (apt-get), a JRE 17 as
#                                 the image has one (Temurin's is Ubuntu's and /opt/java/openjdk)
# Instructions: FROM [AS], WORKDIR, COPY [--from=STAGE] SRC... DEST (the context filtered by
# .dockerignore), RUN (shell form), ENV, ARG NAME[=DEFAULT] (seen by the stage's RUNs as docker
# does; BUILD_ARG_NAME in the runner's environment stands for --build-arg NAME=...), ENTRYPOINT and
# CMD (exec form); anything else stops it.
set -euo pipefail

die() {
  echo "dockerfile-run: $*" >&2
  exit 2
}

if [ "${PODPATH_DOCKERFILE_STAGE:-}" != inside ]; then
  [ $# -ge 2 ] || die "usage: $0 CONTEXT WORK [ARG...]"
  [ "$(id -u)" -eq 0 ] || die "must run as root (chroot, mounts)"
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  ctx=$(realpath "$1")
  [ -f "$ctx/Dockerfile" ] || die "$ctx/Dockerfile: no such file"
  mkdir -p "$2"
  work=$(realpath "$2")
  shift 2
  PODPATH_DOCKERFILE_STAGE=inside exec unshare --mount --propagation private -- \
    bash "$(realpath "$0")" "$ctx" "$work" "$@"
fi

ctx=$1
work=$2
shift 2
m2=${PODPATH_M2:-$HOME/.m2}

if [ ! -f "$work/base/.complete" ]; then
  rm -rf "$work/base"
  echo "# debootstrap --variant=minbase bookworm (once, into $work/base)"
  debootstrap --variant=minbase bookworm "$work/base" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || die "debootstrap failed (see $work/debootstrap.log)"
  touch "$work/base/.complete"
fi

declare -A stage_root=()
root=""
cwd=/
envs=()
entrypoint=()
cmd=()
n=0

# The file systems a chroot needs, mounted in this private mount namespace only.
enter() {
  mount -t proc proc "$1/proc"
  mount --rbind /dev "$1/dev"
  mount -t sysfs sysfs "$1/sys"
  cp /etc/resolv.conf "$1/etc/resolv.conf"
}

in_root() { # COMMAND-TEXT: runs it with sh -c in the current stage, in its WORKDIR
  chroot "$root" /usr/bin/env -i HOME=/root PATH="$path" "${envs[@]}" /bin/sh -c "cd '$cwd' && $1"
}

from() { # IMAGE [AS NAME]
  n=$((n + 1))
  root="$work/stage-$n"
  rm -rf "$root"
  cp -a "$work/base" "$root"
  enter "$root"
  cwd=/
  envs=()
  path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  case "$1" in
  maven:3.9-eclipse-temurin-17)
    echo "# stand-in for $1: Debian 12, this machine's JDK 17 and Maven (read-only), ~/.m2 (overlay)"
    local jdk
    jdk=$(readlink -f /usr/lib/jvm/java-17-openjdk-amd64)
    [ -d "$jdk" ] && [ -d /usr/share/maven ] || die "no JDK 17 or Maven on this machine for $1's stand-in"
    mkdir -p "$root/usr/lib/jvm/java-17" "$root/usr/share/maven" "$root/root/.m2" "$work/m2-upper-$n" "$work/m2-work-$n"
    mount --bind -o ro "$jdk" "$root/usr/lib/jvm/java-17"
    # Debian's JDK and Maven keep their configuration, CA certificates and Maven's jars under
    # /etc and /usr/share/java (links from the JDK and from /usr/share/maven)
    local etc
    for etc in /etc/java-17-openjdk /etc/ssl/certs/java /etc/maven /usr/share/java; do
      if [ -d "$etc" ]; then
        mkdir -p "$root$etc"
        mount --bind -o ro "$etc" "$root$etc"
      fi
    done
    mount --bind -o ro /usr/share/maven "$root/usr/share/maven"
    mount -t overlay overlay -o "lowerdir=$m2,upperdir=$work/m2-upper-$n,workdir=$work/m2-work-$n" "$root/root/.m2"
    envs+=(JAVA_HOME=/usr/lib/jvm/java-17 MAVEN_HOME=/usr/share/maven)
    path=/usr/lib/jvm/java-17/bin:/usr/share/maven/bin:$path
    ;;
  eclipse-temurin:17-jre)
    echo "# stand-in for $1: Debian 12 with openjdk-17-jre-headless"
    in_root "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null" \
      || die "cannot install the JRE of $1's stand-in"
    ;;
  *)
    die "FROM $1: no stand-in for this image (this runner knows maven:3.9-eclipse-temurin-17 and eclipse-temurin:17-jre)"
    ;;
  esac
  [ $# -ge 3 ] && [ "${2,,}" = as ] && stage_root[$3]=$root
  return 0
}

# COPY: the context (minus .dockerignore's patterns) or another stage's files into this one.
copy() {
  local from="" dest src to
  if [[ "$1" == --from=* ]]; then
    from=${1#--from=}
    shift
    [ -n "${stage_root[$from]:-}" ] || die "COPY --from=$from: no stage of that name before"
  fi
  [ $# -ge 2 ] || die "COPY needs a source and a destination"
  dest=${!#}
  [[ "$dest" == /* ]] || dest="$cwd/$dest"
  mkdir -p "$root$dest"
  for src in "${@:1:$#-1}"; do
    if [ -n "$from" ]; then
      to="${stage_root[$from]}$src"
      [ -e "$to" ] || die "COPY --from=$from $src: no such file in that stage"
      if [ -d "$to" ]; then cp -a "$to/." "$root$dest/"; else cp -a "$to" "$root$dest/"; fi
    else
      (cd "$ctx" && tar -cf - "${ignore[@]}" "$src") | tar -xf - -C "$root$dest"
    fi
  done
}

# .dockerignore's patterns as tar's: "**/X/" is X anywhere, "X/" at the top
ignore=()
if [ -f "$ctx/.dockerignore" ]; then
  while IFS= read -r p; do
    p=${p%/}
    case "$p" in
    "" | \#*) ;;
    \*\*/*) ignore+=(--no-anchored "--exclude=${p#\*\*/}") ;;
    *) ignore+=(--anchored "--exclude=./$p" "--exclude=$p") ;;
    esac
  done <"$ctx/.dockerignore"
fi

json_words() { # ["a", "b"] -> one word a line
  python3 -c 'import json,sys; [print(w) for w in json.loads(sys.argv[1])]' "$1"
}

# the instructions, continuation lines joined, comments and blank lines dropped
mapfile -t lines < <(sed -e '/^[[:space:]]*#/d' "$ctx/Dockerfile" | sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' | sed -e '/^[[:space:]]*$/d')
for line in "${lines[@]}"; do
  word=${line%% *}
  rest=${line#* }
  echo "+ ${line:0:160}"
  case "${word^^}" in
  FROM) read -ra a <<<"$rest"; from "${a[@]}" ;;
  WORKDIR) cwd=$rest; [[ "$cwd" == /* ]] || die "WORKDIR $cwd: not absolute"; mkdir -p "$root$cwd" ;;
  COPY) read -ra a <<<"$rest"; copy "${a[@]}" ;;
  RUN) in_root "$rest" || die "RUN failed (status $?): $rest" ;;
  ENV)
    if [[ "$rest" == *=* ]]; then read -ra a <<<"$rest"; envs+=("${a[@]}"); else envs+=("${rest%% *}=${rest#* }"); fi
    ;;
  ARG)
    arg=${rest%%=*}
    [[ "$arg" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "ARG $rest: not a name"
    default=""
    [[ "$rest" == *=* ]] && default=${rest#*=}
    given="BUILD_ARG_$arg"
    envs+=("$arg=${!given-$default}")
    ;;
  ENTRYPOINT) mapfile -t entrypoint < <(json_words "$rest") ;;
  CMD) mapfile -t cmd < <(json_words "$rest") ;;
  *) die "$word: an instruction this runner does not know" ;;
  esac
done

if [ -n "${PODPATH_DOCKERFILE_VOLUME:-}" ]; then
  # docker run -v HOST:DIR -w DIR: HOST's files at DIR, the command run there
  vol_host=${PODPATH_DOCKERFILE_VOLUME%%:*}
  cwd=${PODPATH_DOCKERFILE_VOLUME#*:}
  mkdir -p "$root$cwd"
  mount --bind "$vol_host" "$root$cwd"
fi
run() {
  echo "# run: ${entrypoint[*]} $*"
  chroot "$root" /usr/bin/env -i HOME=/root PATH="$path" "${envs[@]}" \
    /bin/sh -c 'cd "$0" && exec "$@"' "$cwd" "${entrypoint[@]}" "$@"
}
# the ARGs: one container run each, separated by --next (none: the image's CMD)
[ $# -eq 0 ] && set -- "${cmd[@]}"
args=()
status=0
for a in "$@" --next; do
  if [ "$a" = --next ]; then
    run "${args[@]}" || status=$?
    args=()
  else
    args+=("$a")
  fi
done
exit $status
