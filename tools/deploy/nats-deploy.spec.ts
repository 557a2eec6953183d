import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { APP_NODE_OPTIONS } from '@lienthong/devstack';
import { findRepositoryRoot } from '@lienthong/schema';
import { DEMO_EVENT_RIGHTS } from '../launcher/demo-setup';
import { deployDrift } from './generate-nats-auth';
import {
  deployNatsFiles,
  deployNatsUsers,
  formatJson,
  placeholderPassword,
  provisionedAttachmentStores,
  provisionedConsumers,
  DEPLOY_NAMESPACE,
} from './nats-deploy';

const root = findRepositoryRoot();

function userNamed(name: string) {
  const user = deployNatsUsers().find((u) => u.user === name);
  if (!user) {
    throw new Error(`no user ${name}`);
  }
  return user;
}

/** `KEY=value` lines of the compose env files, by file name. */
function envValues(dir: string, key: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of readdirSync(join(root, dir))) {
    const line = readFileSync(join(root, dir, name), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${key}=`));
    if (line) {
      found.set(name, line.slice(key.length + 1));
    }
  }
  return found;
}

describe('deploy/nats generated from the code', () => {
  it('is up to date: auth.conf.example, streams and consumers are what the generator renders', () => {
    // On failure: npm run deploy:nats-auth, then review and commit the difference.
    expect(deployDrift(root)).toEqual({ outOfDate: [], leftOver: [] });
  });

  it('reports a changed file and a definition the code no longer has', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'lienthong-deploy-'));
    try {
      const files = deployNatsFiles();
      for (const file of files) {
        mkdirSync(dirname(join(scratch, file.path)), { recursive: true });
        writeFileSync(join(scratch, file.path), file.text);
      }
      expect(deployDrift(scratch, files)).toEqual({ outOfDate: [], leftOver: [] });
      const edited = files.find((f) => f.path.endsWith('_witness.json'));
      writeFileSync(
        join(scratch, edited!.path),
        edited!.text.replace('"max_ack_pending": 1', '"max_ack_pending": 8'),
      );
      writeFileSync(
        join(scratch, 'deploy/nats/consumers/LT_EVENTS/POP_registry_CIV_gone.json'),
        '{}\n',
      );
      expect(deployDrift(scratch, files)).toEqual({
        outOfDate: [edited!.path],
        leftOver: ['deploy/nats/consumers/LT_EVENTS/POP_registry_CIV_gone.json'],
      });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('has the four agencies, trust, audit and the operator, each with a placeholder password', () => {
    const users = deployNatsUsers();
    expect(users.map((u) => u.user)).toEqual([
      'pop',
      'biz',
      'civ',
      'ins',
      'trust',
      'audit',
      'admin',
    ]);
    for (const user of users) {
      expect(user.password).toBe(placeholderPassword(user.user));
    }
    expect(userNamed('admin').permissions.publish.allow).toEqual(['>']);
  });

  it('lets audit answer the witnesses: consistency-proof and ping requests, replies to _INBOX.lt.>', () => {
    const audit = userNamed('audit').permissions;
    expect(audit.subscribe.allow).toEqual([
      'lt.req.AUDIT.log.ping',
      'lt.req.AUDIT.log.consistency-proof',
      '_INBOX.lt.AUDIT.log.>',
    ]);
    expect(audit.publish.allow).toEqual(
      expect.arrayContaining([
        '_INBOX.lt.>',
        'lt.audit.AUDIT',
        'lt.dlq.AUDIT.*',
        '$JS.API.CONSUMER.INFO.LT_AUDIT.AUDIT',
        '$JS.API.CONSUMER.CREATE.LT_AUDIT.AUDIT.>',
        '$JS.API.CONSUMER.MSG.NEXT.LT_AUDIT.AUDIT',
        '$JS.ACK.LT_AUDIT.AUDIT.>',
      ]),
    );
    // audit does not publish events, send documents, or read anyone's consumer but its own
    expect(audit.publish.allow.filter((s) => /^lt\.(evt|doc)\./.test(s))).toEqual([]);
    expect(
      audit.publish.allow.filter((s) => s.includes('MSG.NEXT') && !s.endsWith('.AUDIT')),
    ).toEqual([]);
  });

  it('runs the container image with the Node options every app runs with (APP_NODE_OPTIONS)', () => {
    const dockerfile = readFileSync(join(root, 'deploy/docker/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(new RegExp(`NODE_OPTIONS="[^"]*${APP_NODE_OPTIONS}[^"]*"`));
  });

  it("lets trust read replies on its own inbox prefix only, never another party's", () => {
    expect(userNamed('trust').permissions.subscribe.allow).toEqual(['_INBOX.lt.TRUST.central.>']);
  });

  it('lets each agency witness the log: its own witness consumer and the consistency-proof service', () => {
    for (const [user, member] of [
      ['pop', 'POP'],
      ['biz', 'BIZ'],
      ['civ', 'CIV'],
      ['ins', 'INS'],
    ] as const) {
      expect(userNamed(user).permissions.publish.allow).toEqual(
        expect.arrayContaining([
          `$JS.API.CONSUMER.INFO.LT_AUDIT.${member}_registry_witness`,
          `$JS.API.CONSUMER.MSG.NEXT.LT_AUDIT.${member}_registry_witness`,
          `$JS.ACK.LT_AUDIT.${member}_registry_witness.>`,
          'lt.req.AUDIT.log.consistency-proof',
        ]),
      );
    }
  });

  it("gives each agency its own pairs' attachment stores only: writes where it sends, reads where it receives", () => {
    const stores = provisionedAttachmentStores(DEPLOY_NAMESPACE);
    for (const [user, member] of [
      ['pop', 'POP'],
      ['biz', 'BIZ'],
      ['civ', 'CIV'],
      ['ins', 'INS'],
    ] as const) {
      const allow = userNamed(user).permissions.publish.allow;
      const touched = allow.filter((s) => s.startsWith('$O.') || s.includes('.OBJ_'));
      // every store named in a grant is one of the agency's pairs, and provisioned
      for (const subject of touched) {
        const bucket = /(?:^\$O\.|\.OBJ_)(LT_ATTACHMENTS_[A-Z0-9]+_[A-Z0-9]+)(?:\.|$)/.exec(
          subject,
        )?.[1];
        expect([subject, bucket && stores.includes(bucket)]).toEqual([subject, true]);
        const [sender, recipient] = (bucket ?? '').split('_').slice(2);
        expect([subject, sender === member || recipient === member]).toEqual([subject, true]);
      }
      // publish on chunks and metadata (the object store's put, its rollups) only as the sender
      for (const subject of touched.filter((s) => s.startsWith('$O.'))) {
        expect(subject).toMatch(new RegExp(`^\\$O\\.LT_ATTACHMENTS_${member}_[A-Z0-9]+\\.>$`));
      }
      // no purge, message delete or stream management on any store
      expect(
        touched.filter((s) => /STREAM\.(PURGE|MSG\.DELETE|DELETE|CREATE|UPDATE)/.test(s)),
      ).toEqual([]);
      // it reads what each other agency sends it and writes what it sends each other agency
      for (const other of ['POP', 'BIZ', 'CIV', 'INS'].filter((m) => m !== member)) {
        expect(allow).toEqual(
          expect.arrayContaining([
            `$O.LT_ATTACHMENTS_${member}_${other}.>`,
            `$JS.API.DIRECT.GET.OBJ_LT_ATTACHMENTS_${member}_${other}.>`,
            `$JS.API.DIRECT.GET.OBJ_LT_ATTACHMENTS_${other}_${member}.>`,
          ]),
        );
        expect(allow).not.toContain(`$O.LT_ATTACHMENTS_${other}_${member}.>`);
      }
    }
  });

  it('provisions every consumer an agency reads, and each can be pulled by its agency only', () => {
    const consumers = provisionedConsumers(DEPLOY_NAMESPACE);
    expect(consumers.filter((c) => c.stream === 'LT_EVENTS')).toHaveLength(
      DEMO_EVENT_RIGHTS.length,
    );
    expect(consumers.filter((c) => c.stream === 'LT_DOCS')).toHaveLength(4);
    expect(consumers.filter((c) => c.stream === 'LT_AUDIT')).toHaveLength(4);
    const agencies = deployNatsUsers().filter((u) => ['pop', 'biz', 'civ', 'ins'].includes(u.user));
    for (const { stream, options } of consumers) {
      const next = `$JS.API.CONSUMER.MSG.NEXT.${stream}.${options.name}`;
      const pullers = agencies.filter((u) => u.permissions.publish.allow.includes(next));
      expect([options.name, pullers.map((u) => u.user.toUpperCase())]).toEqual([
        options.name,
        [options.name.split('_')[0]],
      ]);
    }
  });

  it('names the users compose and Helm connect with, with the same placeholder passwords', () => {
    const users = new Set(deployNatsUsers().map((u) => u.user));
    const envUsers = envValues('deploy/compose/env', 'NATS_USER');
    const secretUsers = envValues('deploy/compose/secrets.example', 'NATS_USER');
    expect(new Set([...envUsers.values(), ...secretUsers.values()])).toEqual(users);
    const passwords = new Map([
      ...envValues('deploy/compose/secrets.example', 'NATS_PASS'),
      ...envValues('deploy/compose/secrets.example', 'NATS_PASSWORD'),
    ]);
    expect(passwords.size).toBe(users.size);
    for (const [file, password] of passwords) {
      const user = envUsers.get(file) ?? secretUsers.get(file) ?? '(none)';
      expect([file, password]).toEqual([file, placeholderPassword(user)]);
    }
    const helmUsers = [
      ...readFileSync(join(root, 'deploy/helm/lienthong/values.yaml'), 'utf8').matchAll(
        /NATS_USER: (\S+)/g,
      ),
    ].map((m) => m[1] ?? '');
    expect(new Set(helmUsers)).toEqual(new Set(['audit', 'pop', 'biz', 'civ', 'ins']));
    expect(helmUsers.filter((u) => !users.has(u))).toEqual([]);
  });

  it('prints JSON as prettier does: arrays inline when they fit in 100 columns', () => {
    expect(formatJson({ a: ['x', 'y'], b: 1, c: undefined })).toBe(
      '{\n  "a": ["x", "y"],\n  "b": 1\n}\n',
    );
    const long = Array.from({ length: 12 }, (_, i) => `subject-number-${i}`);
    expect(formatJson({ s: long })).toBe(
      `{\n  "s": [\n${long.map((s, i) => `    "${s}"${i < 11 ? ',' : ''}`).join('\n')}\n  ]\n}\n`,
    );
  });
});
