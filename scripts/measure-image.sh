#!/usr/bin/env bash
# Measures the runtime image against its budgets, as whole processes, in one run:
#   start-up (jinit started -> child running) against `java -version`: the image's own (which cannot
#   use jinit's AOT cache, made for jinit's command line) and the build JDK's (with its CDS archive),
#   resident memory of jinit with one child (3 s after the start, and idle: at the end of the idle
#   period, once the JVM has returned its start-up scratch memory), CPU used by jinit idle, size on disk.
#   With a second image (e.g. one built from an earlier commit), its start-up is timed in the same
#   turns, for a ratio that the machine's drifts do not skew.
# Usage: scripts/measure-image.sh [IMAGE [BASELINE_IMAGE]]   (default jlink/target/jinit; RUNS=21 IDLE_SECONDS=60)
set -euo pipefail
image=${1:-jlink/target/jinit}
baseline=${2:-}
runs=${RUNS:-21}
idle_seconds=${IDLE_SECONDS:-60}
java="$image/bin/java"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now_us() { echo $(( $(date +%s%N) / 1000 )); }

# Start-up: the child prints the time it started; java -version is timed to its exit. The three
# take turns, so that the machine's drifts (this one's are large) fall on each of them alike.
jdk_java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
time_version_us() { local t0; t0=$(now_us); "$1" -version 2>/dev/null; echo $(( $(now_us) - t0 )); }
time_startup_us() { local t0 t1; t0=$(now_us); t1=$("$1" -m dev.jinit.cli -- date +%s%N); echo $(( t1 / 1000 - t0 )); }
startups=() versions=() jdk_versions=() baseline_startups=()
for turn in $(seq "$runs"); do
  # The baseline goes just before jinit in one turn and just after it in the next.
  if [ -n "$baseline" ] && [ $((turn % 2)) -eq 0 ]; then baseline_startups+=("$(time_startup_us "$baseline/bin/java")"); fi
  startups+=("$(time_startup_us "$java")")
  if [ -n "$baseline" ] && [ $((turn % 2)) -eq 1 ]; then baseline_startups+=("$(time_startup_us "$baseline/bin/java")"); fi
  versions+=("$(time_version_us "$java")")
  jdk_versions+=("$(time_version_us "$jdk_java")")
done
startup=$(printf '%s\n' "${startups[@]}" | median)
version=$(printf '%s\n' "${versions[@]}" | median)
jdk_version=$(printf '%s\n' "${jdk_versions[@]}" | median)

"$java" -m dev.jinit.cli -- sleep $((idle_seconds + 10)) &
pid=$!
sleep 3
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
starting_rss_kb=$(rss_kb)
cpu_ns() { cat /proc/"$pid"/task/*/schedstat | awk '{ sum += $1 } END { print sum }'; }
before=$(cpu_ns); sleep "$idle_seconds"; after=$(cpu_ns)
idle_rss_kb=$(rss_kb)
kill -TERM "$pid"; wait "$pid" || true
size_kb=$(du -sk "$image" | cut -f1)

printf '%-44s %12s %12s\n' measure value budget
printf '%-44s %9d us %12s\n' "start-up, jinit -> child running (median)" "$startup" ""
printf '%-44s %9d us %12s\n' "image's bin/java -version (median)" "$version" ""
printf '%-44s %9d us %12s\n' "JDK's java -version, with CDS (median)" "$jdk_version" ""
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
printf '%-44s %12s %12s\n' "ratio start-up / image's java -version" "$(ratio "$startup" "$version")" "<= 2x"
printf '%-44s %12s %12s\n' "ratio start-up / JDK's java -version" "$(ratio "$startup" "$jdk_version")" "(for scale)"
if [ -n "$baseline" ]; then
  baseline_startup=$(printf '%s\n' "${baseline_startups[@]}" | median)
  printf '%-44s %9d us %12s\n' "baseline image's start-up (median)" "$baseline_startup" ""
  printf '%-44s %12s %12s\n' "ratio start-up / baseline's" "$(ratio "$startup" "$baseline_startup")" ""
fi
printf '%-44s %9d KB %12s\n' "resident memory, 3 s after the start" "$starting_rss_kb" ""
printf '%-44s %9d KB %12s\n' "resident memory, idle ${idle_seconds} s with one child" "$idle_rss_kb" "<= 40960 KB"
printf '%-44s %9d ms %12s\n' "CPU while idle for ${idle_seconds} s" "$(( (after - before) / 1000000 ))" "< 50 ms"
printf '%-44s %9d KB %12s\n' "image size on disk" "$size_kb" "<= 51200 KB"
