import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headers as natsHeaders, PermissionViolationError } from '@nats-io/nats-core';
import { Objm } from '@nats-io/obj';
import { AttachmentStores } from '@lienthong/adapter-kit';
import {
  attachmentStore,
  connectBus,
  drainBus,
  inboxPrefix,
  jetstream,
  jetstreamManager,
  type NatsConnection,
} from '@lienthong/messaging';
import { findRepositoryRoot } from '@lienthong/schema';
import { startTestNatsServer, type RunningNats } from '@lienthong/testing';
import { DEPLOY_NAMESPACE as ns, placeholderPassword } from './nats-deploy';

/**
 * The attachment stores under the committed deploy/nats authorization (auth.conf.example: every
 * agency's own generated user and grants, its placeholder passwords being valid passwords), with
 * the stores provision.sh creates from attachment-stores.txt. CIV sends two files to POP; BIZ and
 * INS, with their own credentials, try to list, read and destroy them, and POP, the recipient,
 * tries to alter them: the server refuses every attempt (a permissions violation on exactly the
 * subject tried), and POP still reads and verifies both files afterwards (ADR 0019).
 */
const root = findRepositoryRoot();
const nats = join(root, 'deploy/nats');
const encoder = new TextEncoder();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** An object's metadata subject: its name in padded URL-safe base64 (the object store's layout). */
const metaSubject = (bucket: string, name: string) =>
  `$O.${bucket}.M.${Buffer.from(name).toString('base64').replaceAll('+', '-').replaceAll('/', '_')}`;

/** A connection as an agency adapter makes it, with the server's refusals it was told of. */
interface Agency {
  readonly nc: NatsConnection;
  readonly errors: Error[];
  readonly stores: AttachmentStores;
}

describe('attachment stores under the generated NATS permissions', () => {
  let server: RunningNats;
  const connections: NatsConnection[] = [];
  const pair = { sender: 'CIV', recipient: 'POP' } as const;
  const bucket = attachmentStore(ns, pair);
  const stream = `OBJ_${bucket}`;
  // one chunk (read by direct get) and three chunks (read by the store's ordered consumer)
  const small = randomBytes(100 * 1024);
  const large = randomBytes(300 * 1024);
  let civ: Agency;
  let pop: Agency;
  let biz: Agency;
  let ins: Agency;
  let admin: NatsConnection;

  async function connect(user: string, member?: string): Promise<Agency> {
    const nc = await connectBus({
      servers: server.url,
      name: `attachments-${user}`,
      user,
      pass: placeholderPassword(user),
      ...(member ? { inboxPrefix: inboxPrefix(ns, member, 'registry') } : {}),
    });
    connections.push(nc);
    const errors: Error[] = [];
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'error') {
          errors.push(status.error);
        }
      }
    })();
    return {
      nc,
      errors,
      stores: new AttachmentStores({ jetstream: jetstream(nc), namespace: ns }, member ?? ''),
    };
  }

  /** The server's refusal of `operation` on exactly `subject`, as the client was told of it. */
  async function refused(
    agency: Agency,
    operation: 'publish' | 'subscription',
    subject: string,
  ): Promise<void> {
    await agency.nc.flush();
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      if (
        agency.errors.some(
          (e) =>
            e instanceof PermissionViolationError &&
            e.operation === operation &&
            e.subject === subject,
        )
      ) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(
      `the server did not refuse ${operation} on ${subject}; saw ${agency.errors.map(String).join('; ')}`,
    );
  }

  /** A JetStream API request the server must refuse: it fails, and the violation names it. */
  async function apiRefused(agency: Agency, subject: string, body: unknown = {}): Promise<void> {
    await expect(
      agency.nc.request(subject, encoder.encode(JSON.stringify(body)), { timeout: 1_000 }),
    ).rejects.toThrow();
    await refused(agency, 'publish', subject);
  }

  async function objectInfo() {
    const store = await new Objm(jetstream(admin)).open(bucket);
    return { small: await store.info(sha256(small)), large: await store.info(sha256(large)) };
  }

  async function streamMessages(): Promise<number> {
    return (await (await jetstreamManager(admin)).streams.info(stream)).state.messages;
  }

  beforeAll(async () => {
    server = await startTestNatsServer({
      configText: readFileSync(join(nats, 'auth.conf.example'), 'utf8'),
    });
    admin = (await connect('admin')).nc;
    // as provision.sh does: every store of attachment-stores.txt, with the object store's defaults
    const buckets = readFileSync(join(nats, 'attachment-stores.txt'), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    if (!buckets.includes(bucket)) {
      throw new Error(`attachment-stores.txt does not list ${bucket}`);
    }
    for (const name of buckets) {
      await new Objm(jetstream(admin)).create(name);
    }
    civ = await connect('civ', 'CIV');
    pop = await connect('pop', 'POP');
    biz = await connect('biz', 'BIZ');
    ins = await connect('ins', 'INS');
    await civ.stores.putAttachment('POP', sha256(small), small);
    await civ.stores.putAttachment('POP', sha256(large), large);
  });

  afterAll(async () => {
    await Promise.allSettled(connections.map((nc) => drainBus(nc)));
    await server?.stop();
  });

  it('lets the pair exchange: CIV puts and reads back, POP reads, both files match their digests', async () => {
    for (const agency of [civ, pop]) {
      for (const file of [small, large]) {
        const bytes = await agency.stores.getAttachment(pair, sha256(file));
        expect(sha256(bytes)).toBe(sha256(file));
      }
    }
    // a put of the same file again leaves the object as it is
    const before = await objectInfo();
    await civ.stores.putAttachment('POP', sha256(small), small);
    expect((await objectInfo()).small?.nuid).toBe(before.small?.nuid);
  });

  it("refuses a third agency any listing of the pair's store", async () => {
    for (const agency of [biz, ins]) {
      // the object store's own list: opening the bucket needs its stream info
      await expect(
        new Objm(jetstream(agency.nc)).open(bucket).then((store) => store.list()),
      ).rejects.toThrow();
      await refused(agency, 'publish', `$JS.API.STREAM.INFO.${stream}`);
      // a consumer on every metadata subject, by either form of the create request
      const config = {
        stream_name: stream,
        config: { filter_subject: `$O.${bucket}.M.>`, ack_policy: 'none', deliver_policy: 'all' },
      };
      await apiRefused(agency, `$JS.API.CONSUMER.CREATE.${stream}`, config);
      await apiRefused(agency, `$JS.API.CONSUMER.CREATE.${stream}.list.$O.${bucket}.M.>`, config);
      // a message get by sequence number walks the stream
      await apiRefused(agency, `$JS.API.STREAM.MSG.GET.${stream}`, { seq: 1 });
      await apiRefused(agency, `$JS.API.DIRECT.GET.${stream}`, { seq: 1 });
      // the metadata and chunk subjects themselves
      agency.nc.subscribe(`$O.${bucket}.>`);
      await refused(agency, 'subscription', `$O.${bucket}.>`);
    }
  });

  it("refuses a third agency a read of the pair's object by its digest", async () => {
    const { small: info } = await objectInfo();
    const meta = metaSubject(bucket, sha256(small));
    expect((await objectInfo()).small?.name).toBe(sha256(small));
    for (const agency of [biz, ins]) {
      // as an adapter would try it: its own stores have no such pair
      await expect(agency.stores.getAttachment(pair, sha256(small))).rejects.toThrow();
      await apiRefused(agency, `$JS.API.DIRECT.GET.${stream}.${meta}`);
      await apiRefused(agency, `$JS.API.DIRECT.GET.${stream}.$O.${bucket}.C.${info?.nuid}`);
      await apiRefused(agency, `$JS.API.STREAM.MSG.GET.${stream}`, {
        last_by_subj: `$O.${bucket}.C.${info?.nuid}`,
      });
    }
  });

  it("refuses a third agency and the recipient a rollup, purge or delete of the pair's objects", async () => {
    const { small: info, large: largeInfo } = await objectInfo();
    const messages = await streamMessages();
    const meta = metaSubject(bucket, sha256(small));
    for (const agency of [biz, ins, pop]) {
      for (const subject of [
        `$O.${bucket}.C.${info?.nuid}`,
        `$O.${bucket}.C.${largeInfo?.nuid}`,
        meta,
      ]) {
        const rollup = natsHeaders();
        rollup.set('Nats-Rollup', 'sub');
        agency.nc.publish(subject, encoder.encode('gone'), { headers: rollup });
        await refused(agency, 'publish', subject);
      }
      await apiRefused(agency, `$JS.API.STREAM.PURGE.${stream}`, {
        filter: `$O.${bucket}.C.${info?.nuid}`,
      });
      await apiRefused(agency, `$JS.API.STREAM.MSG.DELETE.${stream}`, { seq: 1 });
      await apiRefused(agency, `$JS.API.STREAM.DELETE.${stream}`);
      // and through the object store's own delete, as the adapter's library would do it
      await expect(
        new Objm(jetstream(agency.nc)).open(bucket).then((store) => store.delete(sha256(small))),
      ).rejects.toThrow();
    }
    // nothing changed: same objects, same messages, and POP still reads and verifies both files
    expect(await streamMessages()).toBe(messages);
    expect(await objectInfo()).toEqual({ small: info, large: largeInfo });
    for (const file of [small, large]) {
      expect(sha256(await pop.stores.getAttachment(pair, sha256(file)))).toBe(sha256(file));
    }
  });

  it("keeps each agency's own pairs working: BIZ sends to POP in its own store, CIV cannot read it", async () => {
    const file = randomBytes(2048);
    await biz.stores.putAttachment('POP', sha256(file), file);
    expect(
      sha256(await pop.stores.getAttachment({ sender: 'BIZ', recipient: 'POP' }, sha256(file))),
    ).toBe(sha256(file));
    await expect(
      civ.stores.getAttachment({ sender: 'BIZ', recipient: 'POP' }, sha256(file)),
    ).rejects.toThrow();
    await refused(
      civ,
      'publish',
      `$JS.API.STREAM.INFO.OBJ_${attachmentStore(ns, { sender: 'BIZ', recipient: 'POP' })}`,
    );
    // and the pair's store of CIV's files to POP does not hold it
    await expect(pop.stores.getAttachment(pair, sha256(file))).rejects.toMatchObject({
      code: 'DOCUMENT_ATTACHMENT_MISSING',
    });
  });
});
