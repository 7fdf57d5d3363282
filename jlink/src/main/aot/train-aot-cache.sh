#!/bin/sh
# Writes jinit's AOT cache (JEP 483) for the runtime image of JAVA, from the training run: the
# re-executed JVM records what both JVMs load and link (see Startup's jinit.training), then a
# third JVM writes CACHE. JVM_OPTIONS are jinit's own when the image does not hold them.
# Usage: train-aot-cache.sh JAVA CACHE [JVM_OPTION...]
set -eu
java=$1 cache=$2
shift 2
configuration=$(mktemp)
trap 'rm -f "$configuration"' EXIT
"$(dirname "$0")/training-run.sh" "$java" "$@" -XX:AOTMode=record -XX:AOTConfiguration="$configuration" -Djinit.training=true
rm -f "$cache"
"$java" "$@" -XX:AOTMode=create -XX:AOTConfiguration="$configuration" -XX:AOTCache="$cache" -m dev.jinit.cli
[ -f "$cache" ] || { echo "train-aot-cache.sh: no AOT cache was written to $cache" >&2; exit 1; }
