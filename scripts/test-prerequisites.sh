#!/usr/bin/env bash
# Installs what the test suite needs (as root, on Debian) and prepares podman on this machine.
# The README's test command runs it before the build; .ci/run runs that same command.
set -euo pipefail

# util-linux, bsdutils: unshare, setpriv, prlimit, script. dash, python3: test children.
# binutils: strip for libjvm.so. linux-libc-dev: kernel headers a unit test checks syscall numbers
# against; gcc, libc6-dev: a unit test compiles a C program that prints glibc's and the kernel's
# layouts and constants. groff-base: a test renders the man page. tini (with tini-static),
# dumb-init, catatonit: peers run side by side.
# podman, crun, skopeo: the OCI image artifact loaded, run and read by a real runtime.
# busybox-static: the container tests' payload tools (jinit's image has no shell).
packages=(util-linux bsdutils binutils dash python3 gcc libc6-dev linux-libc-dev groff-base tini dumb-init catatonit
          podman crun skopeo busybox-static)
missing=()
for package in "${packages[@]}"; do
  dpkg-query --show --showformat='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A cgroup v1 machine whose cgroup2 hierarchy (mounted beside, "hybrid") holds a controller no v1
# hierarchy has: crun refuses to run with "cgroups in hybrid mode not supported, drop all
# controllers from cgroupv2". Mounting such a controller as a v1 hierarchy moves it out of v2.
unified=/sys/fs/cgroup/unified
if [ -r "$unified/cgroup.controllers" ]; then
  for controller in $(cat "$unified/cgroup.controllers"); do
    mkdir -p "/sys/fs/cgroup/$controller"
    mount -t cgroup -o "$controller" cgroup "/sys/fs/cgroup/$controller"
  done
fi
