#!/usr/bin/env bash
# Readies jinit in a runtime image that it shares with a service, one JVM runtime for both. The recipe
# (docs/java-service.md), with the JDK that links the images at JAVA_HOME:
#   jlink --module-path ... --add-modules dev.jinit.cli --output TRACE_IMAGE
#   scripts/add-jinit-to-image.sh --lambda-forms TRACE_IMAGE > lambda-forms.txt
#   jlink --module-path ... --add-modules my.service,dev.jinit.cli --generate-jli-classes=@lambda-forms.txt --output IMAGE
#   scripts/add-jinit-to-image.sh IMAGE /opt/app
# --lambda-forms prints the method handle forms that jinit's start-up needs pre-generated in java.base
# (as in jinit's own image: spun at run time, they cost about 1 ms each), with the JDK's default list.
# The second form leaves the image's own defaults (jlink --add-options, lib/server/classes.jsa) to the
# service and writes what jinit needs beside them:
#   lib/jinit.args  jinit's JVM options (jlink/src/main/jinit.args) and its AOT cache, read by jinit's
#                   launches only: INSTALL_DIR/bin/java @INSTALL_DIR/lib/jinit.args -m dev.jinit.cli -- COMMAND...
#   lib/jinit.aot   jinit's AOT cache, trained on this image (a cache fits the image it was made for only:
#                   run this again whenever the image is linked again)
#   lib/jinit       the link to bin/java that jinit re-executes, so that the process is named jinit
# INSTALL_DIR is where the image is run from, e.g. in a container (the argument file names the cache by
# that path); by default, where it is now.
# Usage: scripts/add-jinit-to-image.sh IMAGE [INSTALL_DIR]
#        scripts/add-jinit-to-image.sh --lambda-forms TRACE_IMAGE
set -euo pipefail
usage() {
  echo "usage: add-jinit-to-image.sh IMAGE [INSTALL_DIR] | --lambda-forms TRACE_IMAGE" >&2
  exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
jlink_sources=$(cd "$(dirname "$0")/../jlink/src/main" && pwd)
options=$jlink_sources/jinit.args
require_jinit() { # IMAGE
  if ! "$1/bin/java" --list-modules 2>/dev/null | grep -q '^dev\.jinit\.cli@'; then
    echo "add-jinit-to-image.sh: $1 is not a runtime image with the module dev.jinit.cli (jlink --add-modules ...,dev.jinit.cli)" >&2
    exit 1
  fi
}

if [ "$1" = --lambda-forms ]; then
  [ $# -eq 2 ] || usage
  [ -x "${JAVA_HOME:-}/bin/jimage" ] || { echo "add-jinit-to-image.sh: set JAVA_HOME to the JDK that links the images" >&2; exit 1; }
  require_jinit "$2"
  exec "$jlink_sources/aot/lambda-forms.sh" "$JAVA_HOME" "$2" "@$options"
fi

image=$(cd "$1" && pwd)
install_dir=${2:-$image}
require_jinit "$image"
ln -sfn ../bin/java "$image/lib/jinit"
# The JDK's default class list (which jlink --generate-cds-archive reads), present while the cache is
# made, has the cache hold java.lang.invoke's holder classes without the forms jinit needs: jinit then
# spun 46 of them at each start (measured). It is set aside meanwhile.
classlist=$image/lib/classlist
if [ -f "$classlist" ]; then
  mv "$classlist" "$classlist.aside"
  trap 'mv "$classlist.aside" "$classlist"' EXIT
fi
"$jlink_sources/aot/train-aot-cache.sh" "$image/bin/java" "$image/lib/jinit.aot" "@$options"
{
  cat "$options"
  echo "# jinit's AOT cache, trained on this image by scripts/add-jinit-to-image.sh. Named on the command line"
  echo "# (not found at the default CDS archive's place, as in jinit's own image), a cache also replays its"
  echo "# training's method profiles, on a thread of its own: jinit gains nothing from them."
  echo "\"-XX:AOTCache=$install_dir/lib/jinit.aot\""
  echo "-XX:-AOTReplayTraining"
} > "$image/lib/jinit.args"
