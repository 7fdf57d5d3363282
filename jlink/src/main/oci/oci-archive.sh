#!/usr/bin/env bash
# Packs a root filesystem into a loadable OCI image archive (an OCI image layout in a tar, as
# 'podman load', 'docker load' and 'skopeo copy oci-archive:' read it), with no daemon and no
# registry: one gzip layer, a config, a manifest, an index. Reproducible: the layer's entries are
# sorted, owned by root, dated 1970-01-01.
# Usage: oci-archive.sh ROOTFS_DIR OUTPUT_TAR REF_NAME ENTRYPOINT_JSON USER
set -euo pipefail
rootfs=$1 output=$2 ref_name=$3 entrypoint=$4 user=$5

case "$(uname -m)" in
  x86_64) architecture=amd64 ;;
  aarch64) architecture=arm64 ;;
  *) echo "oci-archive.sh: no OCI architecture name for $(uname -m)" >&2; exit 1 ;;
esac

layout=$(mktemp -d)
trap 'rm -rf "$layout"' EXIT
blobs=$layout/blobs/sha256
mkdir -p "$blobs"

digest() { sha256sum "$1" | cut -d' ' -f1; }
# Moves a file into blobs/sha256 under its digest and prints the digest.
store_blob() {
  local sum; sum=$(digest "$1")
  mv "$1" "$blobs/$sum"
  echo "$sum"
}

# A layer whose paths are relative ("opt/jinit/..."), as the image-spec's examples have them.
(cd "$rootfs" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort) > "$layout/top-level"
tar --create --file="$layout/layer.tar" --directory="$rootfs" --files-from="$layout/top-level" \
  --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu
diff_id=$(digest "$layout/layer.tar")
gzip -n "$layout/layer.tar"
layer_size=$(stat -c %s "$layout/layer.tar.gz")
layer_digest=$(store_blob "$layout/layer.tar.gz")

cat > "$layout/config.json" <<JSON
{"created":"1970-01-01T00:00:00Z","architecture":"$architecture","os":"linux","config":{"User":"$user","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Entrypoint":$entrypoint,"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"jinit build: stage-rootfs.sh and oci-archive.sh"}]}
JSON
config_size=$(stat -c %s "$layout/config.json")
config_digest=$(store_blob "$layout/config.json")

cat > "$layout/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$config_digest","size":$config_size},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$layer_digest","size":$layer_size}]}
JSON
manifest_size=$(stat -c %s "$layout/manifest.json")
manifest_digest=$(store_blob "$layout/manifest.json")

# ref.name is the tag (OCI); containerd's annotation carries the whole name for 'docker load'.
cat > "$layout/index.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$manifest_digest","size":$manifest_size,"annotations":{"org.opencontainers.image.ref.name":"${ref_name##*:}","io.containerd.image.name":"$ref_name"}}]}
JSON
echo '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
rm "$layout/top-level"

mkdir -p "$(dirname "$output")"
tar --create --file="$output" --directory="$layout" --sort=name --owner=0 --group=0 --numeric-owner \
  --mtime=@0 --format=gnu oci-layout index.json blobs
