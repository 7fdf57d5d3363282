#!/usr/bin/env bash
# Runs Maven with a JDK >= 22 (FFM is final from 22; the project targets 25).
# Usage: ./build.sh [maven arguments...]   (default: verify)
set -euo pipefail
cd "$(dirname "$0")"

java_feature() { # prints the feature release of the JDK at $1, or nothing
  [ -x "$1/bin/javac" ] && [ -x "$1/bin/jlink" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

find_jdk() {
  local candidate
  for candidate in "${JINIT_JDK:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    if [ "$(java_feature "$candidate")" -ge 25 ] 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if ! jdk=$(find_jdk); then
  echo "build.sh: no JDK 25 or newer found (looked at \$JINIT_JDK, \$JAVA_HOME, /usr/lib/jvm/*); install one, e.g. 'apt-get install -y temurin-25-jdk', or set JINIT_JDK=/path/to/jdk" >&2
  exit 1
fi
export JAVA_HOME="$jdk"
# Asciidoctor's JRuby, which writes the man page, loads native code in Maven's JVM.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
exec mvn -B -ntp "${@:-verify}"
