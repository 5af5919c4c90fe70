#!/bin/sh
# After the server answers: the namespace and the search attributes every rollback carries. Right
# after the namespace is created the calls may fail for a moment, and a new search attribute is
# accepted at once but usable only seconds later ("no mapping defined"): each step is retried
# until it holds, the last until a query on every attribute answers.
set -eu
ATTRIBUTES="RewindService RewindEnvironment RewindStrategy RewindStatus"
t() { temporal "$@" --namespace default --address "$TEMPORAL_ADDRESS"; }
retry() { # retry <tries> <command...>: every 2 s
  tries=$1
  shift
  until "$@" >/dev/null 2>&1; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || { echo "gave up: $*" >&2; return 1; }
    sleep 2
  done
}
registered() {
  t operator search-attribute list | grep -qw "$1" \
    || t operator search-attribute create --name "$1" --type Keyword
}
retry 90 temporal operator cluster health --address "$TEMPORAL_ADDRESS"
t operator namespace describe >/dev/null 2>&1 || retry 30 t operator namespace create --retention 30d
for attribute in $ATTRIBUTES; do retry 30 registered "$attribute"; done
for attribute in $ATTRIBUTES; do retry 30 t workflow count --query "$attribute = 'x'"; done
echo "namespace default and the search attributes $ATTRIBUTES are ready"
