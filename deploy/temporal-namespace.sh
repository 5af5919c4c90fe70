#!/bin/sh
# After the server answers: the namespace and the search attributes every rollback carries.
set -eu
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do sleep 2; done
temporal operator namespace describe --namespace default --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1 \
  || temporal operator namespace create --namespace default --retention 30d --address "$TEMPORAL_ADDRESS"
for attribute in RewindService RewindEnvironment RewindStrategy RewindStatus; do
  temporal operator search-attribute create --namespace default --name "$attribute" --type Keyword \
    --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1 || true
done
