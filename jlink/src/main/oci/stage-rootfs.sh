#!/usr/bin/env bash
# Lays out the root filesystem of jinit's OCI image, distroless-style: the runtime image at
# /opt/jinit (or PATH_IN_ROOTFS), the glibc files its ELF files load (as ldd resolves them on the build machine,
# which must be the glibc the image was linked against), /etc/passwd and /etc/group with root
# and distroless's nonroot user (65532), and empty mount points. No shell, nothing else.
# Usage: stage-rootfs.sh IMAGE_DIR ROOTFS_DIR [PATH_IN_ROOTFS]
set -euo pipefail
image=$(cd "$1" && pwd)
rootfs=$2
path_in_rootfs=${3:-opt/jinit}

rm -rf "$rootfs"
mkdir -p "$rootfs/$(dirname "$path_in_rootfs")" "$rootfs/etc" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"
cp -a "$image" "$rootfs/$path_in_rootfs"

# Every shared object the image's ELF files need from outside the image, and the dynamic loader.
mapfile -t elf_files < <(find "$image" -type f \( -name '*.so' -o -path "$image/bin/*" \) -exec sh -c \
  'head -c 4 "$1" | grep -q "ELF" && echo "$1"' _ {} \;)
mapfile -t libraries < <(ldd "${elf_files[@]}" 2>/dev/null |
  sed -n -e 's|^.*=> \(/[^ ]*\) (0x.*$|\1|p' -e 's|^[[:space:]]*\(/[^ ]*\) (0x.*$|\1|p' |
  grep -v "^$image/" | sort -u)
[ "${#libraries[@]}" -gt 0 ] || { echo "stage-rootfs.sh: ldd found no libraries for $image" >&2; exit 1; }
for library in "${libraries[@]}"; do
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done

cat > "$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat > "$rootfs/etc/group" <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
