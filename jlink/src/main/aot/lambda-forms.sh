#!/usr/bin/env bash
# Prints the method handle forms for jlink's --generate-jli-classes=@FILE: the JDK's own default list
# (a list given to jlink replaces it), then the forms that jinit's training run resolves in IMAGE, a
# first image linked with dev.jinit.cli by the JDK at JDK.
# Usage: lambda-forms.sh JDK IMAGE [JVM_OPTION...]
set -euo pipefail
jdk=$1 image=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$jdk/bin/jimage" extract --include=regex:.*/default_jli_trace.txt --dir="$work/jdk" "$jdk/lib/modules"
"$(dirname "$0")/training-run.sh" "$image/bin/java" "$@" -Djava.lang.invoke.MethodHandle.TRACE_RESOLVE=true > "$work/traced"
find "$work/jdk" -name default_jli_trace.txt -exec cat {} + | cat - "$work/traced" | grep -E '^\[[A-Z_]+_RESOLVE\] '
