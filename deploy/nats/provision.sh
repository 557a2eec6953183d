#!/bin/sh
# Creates the bus streams, durable consumers, configuration KV bucket and attachment object stores on
# the cluster, once. Runs with the `nats` CLI (nats-box image) as the admin user:
#   NATS_URL=nats://nats:4222 NATS_USER=admin NATS_PASSWORD=... sh deploy/nats/provision.sh
# The apps cannot do this themselves: agency users have no stream/consumer admin rights by design.
# Existing objects are left as they are (a change to a stream is reviewed and applied with
# `nats stream edit`), so running this again is safe.
#
# streams/*.json and consumers/<stream>/*.json are generated from the code by `npm run deploy:nats-auth`
# (tools/deploy/generate-nats-auth.ts; CI fails when they differ from it), never edited by hand:
#   streams/             streamConfig of libs/messaging with replicas 3: deny delete and purge, no
#                        rollup, discard new, 2-minute duplicate window, max_msg_size = max_payload;
#   consumers/LT_EVENTS  one durable per event right: durableConsumerConfig(eventConsumerOptions(...)),
#                        as the launcher and the adapters define it (ack wait 30 s, max deliver 5,
#                        backoff 1 s, 5 s, 30 s, 2 min, max ack pending 256);
#   consumers/LT_DOCS    each agency's document inbox <MEMBER>_<subsystem>_docs on lt.doc.<MEMBER>.*;
#   consumers/LT_AUDIT   each agency's checkpoint witness <MEMBER>_<subsystem>_witness on
#                        lt.audit.AUDIT, one message in flight (max ack pending 1).
# The audit service creates and updates its own consumer AUDIT on LT_AUDIT (its user may).
# An existing consumer is left as it is, like an existing stream: an adapter uses the operator's
# consumer unchanged, so a changed limit is applied with `nats consumer edit <stream> <name> --config`.
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

# History 16 and file storage match ensureConfigBucket (libs/messaging); the trust service binds to the
# bucket when it exists, and would otherwise create it with one replica.
if nats kv info LT_CONFIG >/dev/null 2>&1; then
  echo "kv LT_CONFIG: exists, left unchanged"
else
  nats kv add LT_CONFIG --history 16 --replicas 3 --storage file
fi

# One attachment object store per ordered pair of agencies that exchange documents (attachment-stores.txt,
# generated with auth.conf.example; docs/adr/0019-attachment-store-per-pair.md). File storage matches
# ensureAttachmentStore; the adapters only open them, the sender of a pair writes, its recipient reads.
grep -v '^#' "$here/attachment-stores.txt" | while read -r bucket; do
  [ -n "$bucket" ] || continue
  if nats object info "$bucket" >/dev/null 2>&1; then
    echo "object store $bucket: exists, left unchanged"
  else
    nats object add "$bucket" --replicas 3 --storage file
  fi
done
