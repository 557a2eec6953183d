import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { type ConsumerConfig, type StreamConfig } from '@nats-io/jetstream';
import {
  connectBus,
  drainBus,
  ensureConfigBucket,
  ensureDurableConsumer,
  inboxPrefix,
  jetstream,
  jetstreamManager,
  lookupQueueGroup,
  lookupSubject,
  openConfigBucket,
  publishDurable,
  requestBytes,
  serveRequests,
  type NatsConnection,
} from '@lienthong/messaging';
import { findRepositoryRoot } from '@lienthong/schema';
import { startTestNatsServer, type RunningNats } from '@lienthong/testing';
import { CONSISTENCY_PROOF_SERVICE } from '@lienthong/audit-log';
import { putConfiguration } from '@lienthong/trust';
import { AUDIT_CONSUMER } from '../../apps/audit/src/audit.constants';
import { DEPLOY_NAMESPACE as ns, placeholderPassword } from './nats-deploy';
import { TRUST_PARTY } from '../../apps/trust/src/trust.constants';

/**
 * The committed deploy/nats files on a real nats-server: auth.conf.example as the server's users
 * (its placeholder passwords are valid passwords), the stream and consumer definitions as
 * provision.sh would create them (one replica on one node), and each service doing what it does
 * in production under its own user.
 */
const root = findRepositoryRoot();
const nats = join(root, 'deploy/nats');
const encoder = new TextEncoder();

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

describe('deploy/nats on a real server', () => {
  let server: RunningNats;
  const connections: NatsConnection[] = [];

  async function connectAs(
    user: string,
    identity?: { member: string; subsystem: string },
  ): Promise<NatsConnection> {
    const nc = await connectBus({
      servers: server.url,
      name: `deploy-${user}`,
      user,
      pass: placeholderPassword(user),
      ...(identity ? { inboxPrefix: inboxPrefix(ns, identity.member, identity.subsystem) } : {}),
    });
    connections.push(nc);
    return nc;
  }

  const agency = (user: string, member: string) =>
    connectAs(user, { member, subsystem: 'registry' });

  async function pullOne(nc: NatsConnection, stream: string, consumer: string) {
    const reader = await jetstream(nc).consumers.get(stream, consumer);
    const message = await reader.next({ expires: 5_000 });
    if (!message) {
      throw new Error(`nothing on ${stream}/${consumer}`);
    }
    expect(await message.ackAck()).toBe(true);
    return message;
  }

  beforeAll(async () => {
    server = await startTestNatsServer({
      configText: readFileSync(join(nats, 'auth.conf.example'), 'utf8'),
    });
    const admin = await connectAs('admin');
    const jsm = await jetstreamManager(admin);
    for (const file of readdirSync(join(nats, 'streams'))) {
      const config = readJson<StreamConfig>(join(nats, 'streams', file));
      await jsm.streams.add({ ...config, num_replicas: 1 });
    }
    for (const stream of readdirSync(join(nats, 'consumers'))) {
      for (const file of readdirSync(join(nats, 'consumers', stream))) {
        await jsm.consumers.add(
          stream,
          readJson<ConsumerConfig>(join(nats, 'consumers', stream, file)),
        );
      }
    }
    await ensureConfigBucket(jetstream(admin), ns);
  });

  afterAll(async () => {
    await Promise.allSettled(connections.map((nc) => drainBus(nc)));
    await server?.stop();
  });

  it('lets trust publish the global configuration and every agency read it', async () => {
    // as apps/trust connects: replies to its own inbox prefix, the only inboxes it may read
    const trust = await connectAs('trust', TRUST_PARTY);
    const kv = await ensureConfigBucket(jetstream(trust), ns);
    const document = encoder.encode(`{"serial":${Date.now()}}`);
    await putConfiguration(kv, 'global', document);
    for (const [user, member] of [
      ['pop', 'POP'],
      ['biz', 'BIZ'],
      ['civ', 'CIV'],
      ['ins', 'INS'],
    ] as const) {
      const entry = await (await openConfigBucket(await agency(user, member), ns)).get('global');
      expect([user, entry?.value]).toEqual([user, document]);
    }
  });

  it('lets audit run its own consumer and answer a witness asking for a consistency proof', async () => {
    const audit = await connectAs('audit', { member: 'AUDIT', subsystem: 'log' });
    const options = {
      name: AUDIT_CONSUMER,
      filterSubject: `${ns.subjectRoot}.audit.>`,
      maxAckPending: 256,
      description: 'audit service: Merkle log of every audit record',
    };
    // first boot creates it, every later boot updates it
    await ensureDurableConsumer(await jetstreamManager(audit), 'LT_AUDIT', options);
    await ensureDurableConsumer(await jetstreamManager(audit), 'LT_AUDIT', options);
    const subject = lookupSubject(ns, 'AUDIT', 'log', CONSISTENCY_PROOF_SERVICE);
    const served = serveRequests(audit, {
      subject,
      queue: lookupQueueGroup('AUDIT', 'log'),
      handler: (request) => Promise.resolve({ data: request.data, headers: { answered: 'yes' } }),
    });
    await audit.flush();
    try {
      const pop = await agency('pop', 'POP');
      const reply = await requestBytes(pop, subject, { data: encoder.encode('from 3 to 9') });
      expect(new TextDecoder().decode(reply.data)).toBe('from 3 to 9');
      expect(reply.headers['answered']).toBe('yes');
    } finally {
      await served.stop();
    }
  });

  it('delivers a checkpoint of the log to every agency witness and to the log itself', async () => {
    const audit = await connectAs('audit', { member: 'AUDIT', subsystem: 'log' });
    const checkpoint = encoder.encode(`checkpoint ${uuidv7()}`);
    await publishDurable(jetstream(audit), `${ns.subjectRoot}.audit.AUDIT`, {
      data: checkpoint,
      msgId: uuidv7(),
    });
    for (const [user, member] of [
      ['pop', 'POP'],
      ['biz', 'BIZ'],
      ['civ', 'CIV'],
      ['ins', 'INS'],
    ] as const) {
      const message = await pullOne(
        await agency(user, member),
        'LT_AUDIT',
        `${member}_registry_witness`,
      );
      expect([user, message.data]).toEqual([user, checkpoint]);
    }
    expect((await pullOne(audit, 'LT_AUDIT', AUDIT_CONSUMER)).data).toEqual(checkpoint);
  });

  it('delivers an event to the consumers of its subscribers, and a document to the recipient inbox', async () => {
    const pop = await agency('pop', 'POP');
    const event = encoder.encode(`citizen-created ${uuidv7()}`);
    await publishDurable(jetstream(pop), `${ns.subjectRoot}.evt.POP.citizen-created`, {
      data: event,
      msgId: uuidv7(),
    });
    for (const [user, member] of [
      ['ins', 'INS'],
      ['civ', 'CIV'],
    ] as const) {
      const message = await pullOne(
        await agency(user, member),
        'LT_EVENTS',
        `${member}_registry_POP_citizen-created`,
      );
      expect([user, message.data]).toEqual([user, event]);
    }
    const civ = await agency('civ', 'CIV');
    const document = encoder.encode(`edoc ${uuidv7()}`);
    await publishDurable(jetstream(civ), `${ns.subjectRoot}.doc.POP.birth-notice`, {
      data: document,
      msgId: uuidv7(),
    });
    expect((await pullOne(pop, 'LT_DOCS', 'POP_registry_docs')).data).toEqual(document);
  });

  it("refuses an agency another agency's consumer, and audit an event of its own", async () => {
    const biz = await agency('biz', 'BIZ');
    await expect(
      jetstream(biz).consumers.get('LT_EVENTS', 'INS_registry_POP_citizen-deceased'),
    ).rejects.toThrow();
    const audit = await connectAs('audit', { member: 'AUDIT', subsystem: 'log' });
    await expect(
      publishDurable(
        jetstream(audit),
        `${ns.subjectRoot}.evt.AUDIT.log-forked`,
        { data: encoder.encode('x'), msgId: uuidv7() },
        { attempts: 1, timeoutMs: 1_000 },
      ),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^BUS_PUBLISH_/) });
  });
});
