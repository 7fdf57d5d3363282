#!/usr/bin/env bash
# Measures the runtime image against its budgets, as whole processes, in one run:
#   start-up (jinit started -> child running) against `java -version`: the image's own (which cannot
#   use jinit's AOT cache, made for jinit's command line) and the build JDK's (with its CDS archive),
#   resident memory of jinit with one child (3 s after the start, and idle: at the end of the idle
#   period, once the JVM has returned its start-up scratch memory), CPU used by jinit idle, size on disk;
#   and the footprint of jinit as PID 1 of a PID namespace (as in a container), idle with one child
#   10 s after its start: private (anonymous) memory, total resident memory and threads (median of
#   MEMORY_RUNS), and the proportional set size of each of 10 such containers running at once from the
#   same image. Given a PREVIOUS_IMAGE (e.g. one built from an earlier commit), its start-up and its
#   footprint are measured in the same run, taking turns, for ratios that the machine's drifts do not skew.
#   An image that jinit shares with a service (scripts/add-jinit-to-image.sh) starts jinit with its
#   argument file, lib/jinit.args. With CONFIG_STARTS=1, jinit also starts from a configuration file
#   (--config, the same child as its one command) in the same turns: what reading a file costs.
# Usage: scripts/measure-image.sh [IMAGE [PREVIOUS_IMAGE]]
#   (default jlink/target/jinit; RUNS=21 IDLE_SECONDS=60 MEMORY_RUNS=5 CONFIG_STARTS=0)
set -euo pipefail
image=${1:-jlink/target/jinit}
previous_image=${2:-}
memory_runs=${MEMORY_RUNS:-5}
runs=${RUNS:-21}
idle_seconds=${IDLE_SECONDS:-60}
java="$image/bin/java"

jinit_command() { # IMAGE: sets jinit to the command line that starts jinit from IMAGE
  jinit=("$1/bin/java")
  if [ -f "$1/lib/jinit.args" ]; then jinit+=("@$1/lib/jinit.args"); fi
  jinit+=(-m dev.jinit.cli)
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
median_of() { printf '%s\n' $1 | median; } # of the words of $1
proc_field() { awk -v field="$3:" '$1 == field { print $2 }' "/proc/$1/$2"; } # PID FILE FIELD
status_field() { proc_field "$1" status "$2"; } # PID FIELD
now_us() { echo $(( $(date +%s%N) / 1000 )); }

# Start-up: the child prints the time it started; java -version is timed to its exit. The three
# take turns, so that the machine's drifts (this one's are large) fall on each of them alike.
jdk_java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
time_version_us() { local t0; t0=$(now_us); "$1" -version 2>/dev/null; echo $(( $(now_us) - t0 )); }
time_startup_us() { # IMAGE [JINIT_ARGUMENTS...] (default: -- date +%s%N)
  local t0 t1 jinit arguments=("${@:2}"); jinit_command "$1"; [ $# -gt 1 ] || arguments=(-- date +%s%N)
  t0=$(now_us); t1=$("${jinit[@]}" "${arguments[@]}"); echo $(( t1 / 1000 - t0 )); }
config_file=$(mktemp --suffix=.yaml)
trap 'rm -f "$config_file"' EXIT
cat > "$config_file" <<'YAML'
grace: 10s
commands:
  - name: clock
    watch: true
    restart: on-failure
    restart-limit: 3
    program: [date, "+%s%N"]
YAML
startups=() versions=() jdk_versions=() previous_startups=() config_startups=()
for turn in $(seq "$runs"); do
  # The previous image goes just before jinit in one turn and just after it in the next.
  if [ -n "$previous_image" ] && [ $((turn % 2)) -eq 0 ]; then previous_startups+=("$(time_startup_us "$previous_image")"); fi
  startups+=("$(time_startup_us "$image")")
  if [ "${CONFIG_STARTS:-0}" = 1 ]; then config_startups+=("$(time_startup_us "$image" --config "$config_file")"); fi
  if [ -n "$previous_image" ] && [ $((turn % 2)) -eq 1 ]; then previous_startups+=("$(time_startup_us "$previous_image")"); fi
  versions+=("$(time_version_us "$java")")
  jdk_versions+=("$(time_version_us "$jdk_java")")
done
startup=$(median_of "${startups[*]}")
version=$(median_of "${versions[*]}")
jdk_version=$(median_of "${jdk_versions[*]}")

jinit_command "$image"
"${jinit[@]}" -- sleep $((idle_seconds + 10)) &
pid=$!
sleep 3
starting_rss_kb=$(status_field "$pid" VmRSS)
cpu_ns() { cat /proc/"$pid"/task/*/schedstat | awk '{ sum += $1 } END { print sum }'; }
before=$(cpu_ns); sleep "$idle_seconds"; after=$(cpu_ns)
idle_rss_kb=$(status_field "$pid" VmRSS)
kill -TERM "$pid"; wait "$pid" || true
size_kb=$(du -sk "$image" | cut -f1)

# Footprint as PID 1, 10 s after the start: "RssAnon VmRSS Threads" of one, or the mean Pss of ten.
start_as_pid1() { # starts IMAGE's jinit as PID 1 of a new PID namespace, a child of this shell: $! is unshare's pid
  local jinit; jinit_command "$1"
  unshare --pid --fork --mount-proc "${jinit[@]}" -- sleep 3600 >/dev/null 2>&1 &
}
pid1_of() { local child; for _ in $(seq 100); do
  child=$(cat "/proc/$1/task/$1/children" 2>/dev/null) && [ -n "$child" ] && { echo "${child%% *}"; return; }
  sleep 0.05; done; echo "no jinit under unshare $1" >&2; return 1; }
footprint() {
  local launcher pid fields
  start_as_pid1 "$1"; launcher=$!; pid=$(pid1_of "$launcher")
  sleep 10
  fields="$(status_field "$pid" RssAnon) $(status_field "$pid" VmRSS) $(status_field "$pid" Threads)"
  # SIGKILL to the namespace's PID 1 ends the namespace (killing unshare would leave it running).
  kill -KILL "$pid"; wait "$launcher" || true
  echo "$fields"
}
pss_of_ten() {
  local launchers=() pids=() launcher total=0
  for _ in $(seq 10); do start_as_pid1 "$1"; launchers+=("$!"); done
  for launcher in "${launchers[@]}"; do pids+=("$(pid1_of "$launcher")"); done
  sleep 10
  for pid in "${pids[@]}"; do total=$(( total + $(proc_field "$pid" smaps_rollup Pss) )); done
  kill -KILL "${pids[@]}"; wait "${launchers[@]}" || true
  echo $(( total / 10 ))
}
images=("$image"); [ -n "$previous_image" ] && images+=("$previous_image")
declare -A anon rss threads pss
for _ in $(seq "$memory_runs"); do
  for each in "${images[@]}"; do
    read -r a r t < <(footprint "$each")
    anon[$each]+="$a "; rss[$each]+="$r "; threads[$each]+="$t "
  done
done
for each in "${images[@]}"; do pss[$each]=$(pss_of_ten "$each"); done

printf '%-44s %12s %12s\n' measure value budget
printf '%-44s %9d us %12s\n' "start-up, jinit -> child running (median)" "$startup" ""
printf '%-44s %9d us %12s\n' "image's bin/java -version (median)" "$version" ""
printf '%-44s %9d us %12s\n' "JDK's java -version, with CDS (median)" "$jdk_version" ""
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
printf '%-44s %12s %12s\n' "ratio start-up / image's java -version" "$(ratio "$startup" "$version")" "<= 2x"
printf '%-44s %12s %12s\n' "ratio start-up / JDK's java -version" "$(ratio "$startup" "$jdk_version")" "(for scale)"
if [ "${CONFIG_STARTS:-0}" = 1 ]; then
  config_startup=$(median_of "${config_startups[*]}")
  printf '%-44s %9d us %12s\n' "start-up with --config (median)" "$config_startup" ""
  printf '%-44s %12s %12s\n' "ratio start-up with --config / without" "$(ratio "$config_startup" "$startup")" ""
fi
if [ -n "$previous_image" ]; then
  previous_startup=$(median_of "${previous_startups[*]}")
  printf '%-44s %9d us %12s\n' "previous image's start-up (median)" "$previous_startup" ""
  printf '%-44s %12s %12s\n' "ratio start-up / previous image's" "$(ratio "$startup" "$previous_startup")" ""
fi
printf '%-44s %9d KB %12s\n' "resident memory, 3 s after the start" "$starting_rss_kb" ""
printf '%-44s %9d KB %12s\n' "resident memory, idle ${idle_seconds} s with one child" "$idle_rss_kb" "<= 40960 KB"
printf '%-44s %9d ms %12s\n' "CPU while idle for ${idle_seconds} s" "$(( (after - before) / 1000000 ))" "< 50 ms"
printf '%-44s %9d KB %12s\n' "image size on disk" "$size_kb" "<= 51200 KB"
figure() { # KIND IMAGE
  case $1 in
    anon) median_of "${anon[$2]}" ;; rss) median_of "${rss[$2]}" ;; threads) median_of "${threads[$2]}" ;; pss) echo "${pss[$2]}" ;;
  esac
}
footprint_line() { # KIND LABEL UNIT BUDGET
  printf '%-44s %9s %2s %12s' "$2" "$(figure "$1" "$image")" "$3" "$4"
  [ -n "$previous_image" ] && printf '   previous image: %s %s' "$(figure "$1" "$previous_image")" "$3"
  echo
}
echo "as PID 1, idle with one child, 10 s after the start (median of $memory_runs):"
footprint_line anon "  private (anonymous) memory" KB "<= 8192 KB"
footprint_line rss "  resident memory" KB "<= 28672 KB"
footprint_line threads "  threads" "" "<= 8"
footprint_line pss "  PSS, mean of 10 running at once" KB "<= 12288 KB"
