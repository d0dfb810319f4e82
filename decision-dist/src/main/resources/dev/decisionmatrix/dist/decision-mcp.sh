#!/bin/sh
# decision-mcp @VERSION@: runs the Decision Matrix MCP server on the Java runtime bundled next to
# this script, so no java is needed on the PATH. Arguments go to the server unchanged (stdio by
# default; --http for Streamable HTTP; --help lists every option and environment variable).
# Extra JVM options: DECISION_MCP_JAVA_OPTS (split on spaces).
set -e

# Find the distribution's folder, following symlinks to this script (for example from /usr/local/bin).
self=$0
while [ -h "$self" ] && command -v readlink >/dev/null 2>&1; do
  link=$(readlink "$self")
  case $link in
    /*) self=$link ;;
    *) self=${self%/*}/$link ;;
  esac
done
case $self in
  */*) bin=${self%/*} ;;
  *) bin=. ;;
esac
home=$(cd "$bin/.." && pwd -P)

java=$home/runtime/bin/java
jar=$home/lib/decision-mcp.jar
cache=$home/lib/@CACHE_FILE@
if [ ! -x "$java" ]; then
  echo "decision-mcp: the bundled Java runtime $java is missing: unpack the whole distribution again" >&2
  exit 1
fi

# JVM warnings go to stderr: in stdio mode stdout carries only the MCP protocol.
# The warm-start cache (written by a training run at build time) is used when present; the server
# starts without it, only slower, if it is missing or does not fit.
if [ -f "$cache" ]; then
  # shellcheck disable=SC2086
  exec "$java" @JVM_FLAGS@ "@CACHE_OPTION@=$cache" $DECISION_MCP_JAVA_OPTS -jar "$jar" "$@"
fi
# shellcheck disable=SC2086
exec "$java" @JVM_FLAGS@ $DECISION_MCP_JAVA_OPTS -jar "$jar" "$@"
