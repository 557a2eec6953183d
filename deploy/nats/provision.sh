#!/bin/sh
# Creates the bus streams, durable consumers, configuration KV bucket and attachment object store on
# the cluster, once. Runs with the `nats` CLI (nats-box image) as the admin user:
#   NATS_URL=nats://nats:4222 NATS_USER=admin NATS_PASSWORD=... sh deploy/nats/provision.sh
# The apps cannot do this themselves: agency users have no stream/consumer admin rights by design.
# Existing objects are left as they are (a change to a stream is reviewed and applied with
# `nats stream edit`), so running this again is safe.
#
# streams/*.json and consumers/<stream>/*.json are the coded configurations of libs/messaging
# (streamConfig with replicas 3, durableConsumerConfig), rendered as JSON: deny delete and purge,
# no rollup, discard new, 2-minute duplicate window, max_msg_size = the server's max_payload.
set -eu

here=$(cd "$(dirname "$0")" && pwd)

for file in "$here"/streams/*.json; do
  name=$(basename "$file" .json)
  if nats stream info "$name" >/dev/null 2>&1; then
    echo "stream $name: exists, left unchanged"
  else
    nats stream add --config "$file"
  fi
done

for dir in "$here"/consumers/*/; do
  [ -d "$dir" ] || continue
  stream=$(basename "$dir")
  for file in "$dir"*.json; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .json)
    if nats consumer info "$stream" "$name" >/dev/null 2>&1; then
      echo "consumer $stream/$name: exists, left unchanged"
    else
      nats consumer add "$stream" --config "$file"
    fi
  done
done

# History 16 matches ensureConfigBucket; the trust service binds to the bucket when it exists.
if nats kv info LT_CONFIG >/dev/null 2>&1; then
  echo "kv LT_CONFIG: exists, left unchanged"
else
  nats kv add LT_CONFIG --history 16 --replicas 3 --storage file
fi

if nats object info LT_ATTACHMENTS >/dev/null 2>&1; then
  echo "object store LT_ATTACHMENTS: exists, left unchanged"
else
  nats object add LT_ATTACHMENTS --replicas 3 --storage file
fi
