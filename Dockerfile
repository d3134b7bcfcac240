# podpath and its node collector in one image (README, "Installing").
#
#   docker build --build-arg PODPATH_COMMIT="$(git describe --always --dirty --abbrev=8)" -t podpath .
#   docker run --rm -v "$PWD:/work" -w /work podpath trace samples/flannel-vxlan.sh \
#       --from busybox-jpnb6 --to 10.10.2.4
#   # collect this machine's network state (reads only; host network and PID namespaces, root):
#   docker run --rm --privileged --network host --pid host -v "$PWD:/out" podpath collect /out/snap
#   # the plain-sh collector alone, as kubectl podpath collect runs it on each node:
#   docker run --rm --privileged --network host --pid host -v "$PWD:/out" \
#       --entrypoint podpath-collect.sh podpath /out/snap
#
# Build stage: the CLI's shaded jar, man pages and distribution (mvn package, tests skipped: the
# build's tests run in CI, not in an image build).
FROM maven:3.9-eclipse-temurin-17 AS build
# .dockerignore leaves .git out: the commit --version prints comes in as a build argument
# (the build stamp reads PODPATH_COMMIT when git cannot tell; "commit unknown" without it).
ARG PODPATH_COMMIT=
WORKDIR /src
COPY . .
RUN mvn -B -q -Dstyle.color=never package -DskipTests -pl tracer -am \
 && mkdir /dist \
 && tar -xzf tracer/target/podpath-*.tar.gz -C /dist --strip-components=1

# Runtime: a JRE, and what collect and verify call (iproute2, iptables, ipset, nft, ping, sysctl,
# ss, nsenter, unshare); no JDK, no Maven: the launcher runs lib/podpath.jar as it is.
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      iproute2 iptables ipset nftables iputils-ping procps util-linux conntrack \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /dist /opt/podpath
RUN ln -s /opt/podpath/podpath /usr/local/bin/podpath \
 && ln -s /opt/podpath/collect/podpath-collect.sh /usr/local/bin/podpath-collect.sh \
 && mkdir -p /usr/local/share/man/man1 \
 && cp /opt/podpath/man/man1/*.1 /usr/local/share/man/man1/
ENTRYPOINT ["podpath"]
CMD ["--help"]
