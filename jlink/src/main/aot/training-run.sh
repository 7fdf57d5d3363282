#!/bin/sh
# The run jinit's build learns from, as real as a short one can be: both JVM starts, a child, a
# forwarded signal, the shutdown sweep. It traces method handle forms and trains the AOT cache.
# Usage: training-run.sh JAVA [JVM_OPTION...]
java=$1
shift
exec "$java" "$@" -m dev.jinit.cli --grace=1s -- /bin/sh -c 'trap "" USR1; kill -USR1 $PPID; sleep 0.1 & exit 0'
