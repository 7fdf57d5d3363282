# The reap benchmark's child: leaves bursts of orphans for its init to reap, on the harness's word.
# Run as: sh -c "$(cat orphan-bursts.sh)" orphan-bursts EXIT_STATUS
#
# Commands, one a line on stdin:
#   burst N   start N orphans, each blocked reading one pipe, then print "ready". The next line
#             (any) releases them: they all see end-of-file at once and exit, and the init has N
#             zombies to reap.
#   exit      exit with EXIT_STATUS, which the init must pass on exactly.
status=$1
# Asynchronous commands get /dev/null as stdin, so the harness's stdin is kept on 3.
exec 3<&0
while read -r command count; do
  case $command in
    burst)
      # The left side holds the pipe's only write end until the release line; its exit closes it.
      { read -r _ <&3; } | {
        exec 4<&0
        i=0
        while [ "$i" -lt "$count" ]; do
          # The subshell exits at once: its background child is orphaned to PID 1.
          ( read -r _ <&4 & )
          i=$((i + 1))
        done
        echo ready
      } ;;
    exit)
      exit "$status" ;;
    *)
      echo "orphan-bursts: unknown command '$command'" >&2
      exit 2 ;;
  esac
done
