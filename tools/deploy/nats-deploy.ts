import {
  PING_SERVICE,
  documentInboxName,
  eventConsumerOptions,
  witnessConsumerName,
} from '@lienthong/adapter-kit';
import {
  DEFAULT_NAMESPACE,
  STREAM_KINDS,
  adminPermissions,
  agencyPermissions,
  attachmentStore,
  auditSubject,
  configBucket,
  documentWildcard,
  durableConsumerConfig,
  inboxPrefix,
  renderNatsServerConfig,
  streamConfig,
  streamName,
  type BusNamespace,
  type DurableConsumerOptions,
  type NatsPermissions,
  type NatsUser,
} from '@lienthong/messaging';
import { CONSISTENCY_PROOF_SERVICE } from '@lienthong/audit-log';
import { AUDIT_CONSUMER } from '../../apps/audit/src/audit.constants';
import { TRUST_PARTY } from '../../apps/trust/src/trust.constants';
import {
  AGENCY_APPS as DEMO_AGENCY_APPS,
  AUDIT_APP,
  DEMO_ACCESS_RIGHTS,
  DEMO_EVENT_RIGHTS,
  DEMO_SERVICES,
  type DemoApp,
} from '../launcher/demo-setup';
import { localAttachmentPairs, natsUsers } from '../launcher/local-stack';
import { LocalKeys } from '../shared/local-keys';

/**
 * The agencies compose and Helm deploy: the demo's, less the registry joined by configuration (the
 * configured adapter is not packaged for compose and Helm yet; `npm start` runs it).
 */
const AGENCY_APPS = DEMO_AGENCY_APPS.filter((agency) => agency.app !== 'configured-adapter');

/**
 * The NATS part of deploy/: the users of `deploy/nats/auth.conf.example` and the stream and
 * consumer definitions `deploy/nats/provision.sh` creates, all rendered from the code that the
 * local launcher and the apps use, so that the production example cannot drift from them.
 * tools/deploy/generate-nats-auth.ts writes the files (and checks them with `--check`).
 */

/** Subjects and streams of a deployment: `lt.*`, `LT_*` (deploy/compose/env/common.env). */
export const DEPLOY_NAMESPACE: BusNamespace = DEFAULT_NAMESPACE;

/** Replicas of every stream on the three-node cluster. */
export const DEPLOY_REPLICAS = 3;

/** Key of the signed global configuration in the KV bucket (apps/trust GLOBAL_KEY, adapter-kit). */
const CONFIG_KEY = 'global';

/** A file of deploy/, by its path from the repository root. */
export interface DeployFile {
  readonly path: string;
  readonly text: string;
}

/** A durable consumer the operator creates, on the stream it reads. */
export interface ProvisionedConsumer {
  readonly stream: string;
  readonly options: DurableConsumerOptions;
}

/** The NATS user of an app in deploy/ (compose env and Helm values name it): `pop`, `trust`, ... */
export function deployUserName(app: string): string {
  const agency = AGENCY_APPS.find((a) => a.app === app);
  return agency ? agency.member.toLowerCase() : app;
}

/** What stands in the example for a user's password. */
export function placeholderPassword(user: string): string {
  return `REPLACE-WITH-${user.toUpperCase()}-PASSWORD`;
}

/**
 * The launcher's keys with every password replaced by its placeholder: only `password()` is
 * called by `natsUsers`, so nothing is read from or written to a data folder.
 */
class PlaceholderKeys extends LocalKeys {
  constructor() {
    super('');
  }

  override password(app: string): string {
    return placeholderPassword(deployUserName(app));
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * TRUST/central writes the signed global configuration to the KV bucket (apps/trust
 * trust-bus.module.ts: `ensureConfigBucket`, then `put` of one key). A JetStream publish waits for
 * its ack on a reply inbox under the trust service's own inbox prefix (`_INBOX.lt.TRUST.central`),
 * the only inboxes it may read. It creates the bucket only when the operator has not.
 */
export function trustPermissions(ns: BusNamespace): NatsPermissions {
  const bucket = configBucket(ns);
  const stream = `KV_${bucket}`;
  return {
    publish: {
      allow: [
        `$KV.${bucket}.${CONFIG_KEY}`,
        '$JS.API.INFO',
        `$JS.API.STREAM.INFO.${stream}`,
        `$JS.API.STREAM.CREATE.${stream}`,
        `$JS.API.STREAM.MSG.GET.${stream}`,
        `$JS.API.DIRECT.GET.${stream}.>`,
      ],
    },
    subscribe: { allow: [`${inboxPrefix(ns, TRUST_PARTY.member, TRUST_PARTY.subsystem)}.>`] },
  };
}

/**
 * AUDIT/log runs on the adapter kit: the agency permissions of a system that serves `ping` and
 * `consistency-proof` (the witnesses' recovery path), publishes no events, and does not witness
 * itself; plus its own durable consumer `AUDIT` on LT_AUDIT, which it creates and updates itself
 * (apps/audit audit-ingest.service.ts), and reading LT_DLQ (its subjects and last messages) for
 * the witnesses' alarms it shows auditors (apps/audit log-health.ts).
 */
export function auditPermissions(ns: BusNamespace): NatsPermissions {
  const base = agencyPermissions(ns, {
    member: AUDIT_APP.member,
    subsystem: AUDIT_APP.subsystem,
    provides: [PING_SERVICE, CONSISTENCY_PROOF_SERVICE],
    consumes: [],
    publishesEvents: false,
    subscribesEvents: [],
    consumerNames: [],
    witnessesAudit: false,
  });
  const stream = streamName(ns, 'AUDIT');
  const dlq = streamName(ns, 'DLQ');
  const own = [
    // the log's health view reads the witnesses' dead-lettered refusals (rollback, fork, …)
    `$JS.API.STREAM.INFO.${dlq}`,
    `$JS.API.STREAM.MSG.GET.${dlq}`,
    `$JS.API.CONSUMER.INFO.${stream}.${AUDIT_CONSUMER}`,
    `$JS.API.CONSUMER.CREATE.${stream}.${AUDIT_CONSUMER}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${AUDIT_CONSUMER}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${AUDIT_CONSUMER}`,
    `$JS.ACK.${stream}.${AUDIT_CONSUMER}.>`,
  ];
  return {
    publish: { allow: unique([...base.publish.allow, ...own]) },
    subscribe: base.subscribe,
  };
}

/**
 * Every user of a deployment: the four agency adapters exactly as the launcher renders them for
 * the demo grants (tools/launcher/local-stack.ts `natsUsers`), then trust, audit and the
 * operator `admin`, each with its placeholder password.
 */
export function deployNatsUsers(): NatsUser[] {
  const agencies = natsUsers(new PlaceholderKeys())
    .filter((u) => AGENCY_APPS.some((a) => a.app === u.user))
    .map((u) => ({ ...u, user: deployUserName(u.user) }));
  const user = (name: string, permissions: NatsPermissions): NatsUser => ({
    user: name,
    password: placeholderPassword(name),
    permissions,
  });
  return [
    ...agencies,
    user('trust', trustPermissions(DEPLOY_NAMESPACE)),
    user('audit', auditPermissions(DEPLOY_NAMESPACE)),
    user('admin', adminPermissions()),
  ];
}

function agencyOf(member: string): DemoApp {
  const agency = AGENCY_APPS.find((a) => a.member === member);
  if (!agency) {
    throw new Error(`no agency app for member ${member}`);
  }
  return agency;
}

/**
 * The durable consumers the operator provisions (agency users may read them, never create them):
 * one per event right (`eventConsumerOptions`, as the launcher and the adapters define it), each
 * agency's document inbox on LT_DOCS, and each agency's checkpoint witness on LT_AUDIT (one in
 * flight), with the options the launcher and the adapter kit use when they create them.
 */
export function provisionedConsumers(ns: BusNamespace): ProvisionedConsumer[] {
  const events = DEMO_EVENT_RIGHTS.map((right) => {
    const subscriber = agencyOf(right.subscriber);
    return {
      stream: streamName(ns, 'EVENTS'),
      options: eventConsumerOptions(
        ns,
        { member: subscriber.member, subsystem: subscriber.subsystem },
        { publisher: right.publisher, eventType: right.eventType },
      ),
    };
  });
  const inboxes = AGENCY_APPS.map((agency) => ({
    stream: streamName(ns, 'DOCS'),
    options: {
      name: documentInboxName(agency.member, agency.subsystem),
      filterSubject: documentWildcard(ns, agency.member),
      description: `official documents and statuses for ${agency.member}`,
    },
  }));
  const witnesses = AGENCY_APPS.map((agency) => ({
    stream: streamName(ns, 'AUDIT'),
    options: {
      name: witnessConsumerName(agency.member, agency.subsystem),
      filterSubject: auditSubject(ns, AUDIT_APP.member),
      maxAckPending: 1,
      description: `${agency.member}/${agency.subsystem} witnesses the audit log`,
    },
  }));
  return [...events, ...inboxes, ...witnesses];
}

const PRINT_WIDTH = 100;

/**
 * JSON as the repository's prettier writes it (printWidth 100): one key per line, an array of
 * scalars on one line when it fits, else one element per line. Only flat objects are needed.
 */
export function formatJson(value: object): string {
  const lines = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([key, v], index, all) => {
      const comma = index < all.length - 1 ? ',' : '';
      const head = `  ${JSON.stringify(key)}: `;
      if (!Array.isArray(v)) {
        return `${head}${JSON.stringify(v)}${comma}`;
      }
      const inline = `[${v.map((e) => JSON.stringify(e)).join(', ')}]`;
      if (head.length + inline.length + comma.length <= PRINT_WIDTH) {
        return `${head}${inline}${comma}`;
      }
      const items = v.map((e, i) => `    ${JSON.stringify(e)}${i < v.length - 1 ? ',' : ''}`);
      return [`${head}[`, ...items, `  ]${comma}`].join('\n');
    });
  return ['{', ...lines, '}', ''].join('\n');
}

/** `label items...` as comment lines of at most 100 characters, continued under the label. */
function commentList(indent: string, label: string, items: readonly string[]): string[] {
  const words = items.map((item, i) => (i < items.length - 1 ? `${item},` : item));
  const lines: string[] = [];
  let line = `#${indent}${label}`;
  for (const word of words) {
    if (
      line.length + 1 + word.length > PRINT_WIDTH &&
      line.trim() !== `#${indent}${label}`.trim()
    ) {
      lines.push(line);
      line = `#${indent}  ${word}`;
    } else {
      line += ` ${word}`;
    }
  }
  return [...lines, line];
}

/** `LT_ATTACHMENTS`: what every pair's store name starts with. */
function attachmentStorePrefix(): string {
  const name = attachmentStore(DEPLOY_NAMESPACE, { sender: 'AA', recipient: 'BB' });
  return name.slice(0, -'_AA_BB'.length);
}

/** One comment block per agency: the demo grants its permissions are rendered from. */
function grantSummary(): string[] {
  const indent = '          ';
  return AGENCY_APPS.flatMap((agency) => {
    const serves = [
      PING_SERVICE,
      ...DEMO_SERVICES.filter((s) => s.provider === agency.member).map((s) => s.code),
    ];
    const calls = DEMO_ACCESS_RIGHTS.filter((r) => r.consumer === agency.member).map((r) => {
      const provider = DEMO_SERVICES.find((s) => s.code === r.service)?.provider ?? '?';
      return `${provider}/${r.service}`;
    });
    const reads = DEMO_EVENT_RIGHTS.filter((r) => r.subscriber === agency.member).map(
      (r) => `${r.publisher}/${r.eventType}`,
    );
    const user = deployUserName(agency.app).padEnd(indent.length - 3);
    return [
      `#   ${user}${agency.member}/${agency.subsystem} (apps/${agency.app})`,
      ...commentList(indent, 'serves:', serves),
      ...commentList(indent, 'calls:', [
        ...calls,
        `${PING_SERVICE} of the other agencies`,
        `${AUDIT_APP.member}/${CONSISTENCY_PROOF_SERVICE}`,
      ]),
      ...commentList(indent, 'reads events:', reads),
      ...commentList(indent, 'documents: sends to the other agencies; its inbox is', [
        documentInboxName(agency.member, agency.subsystem),
      ]),
      `#${indent}attachments: writes ${attachmentStorePrefix()}_${agency.member}_<RECIPIENT>, only reads`,
      `#${indent}  ${attachmentStorePrefix()}_<SENDER>_${agency.member}, nothing of other pairs' stores`,
      ...commentList(indent, 'witnesses the audit log through', [
        witnessConsumerName(agency.member, agency.subsystem),
      ]),
    ];
  });
}

/** The text of deploy/nats/auth.conf.example. */
export function renderAuthConfExample(): string {
  const rendered = renderNatsServerConfig({
    host: '0.0.0.0',
    port: 4222,
    users: deployNatsUsers(),
  });
  const block = rendered.slice(rendered.indexOf('authorization {'));
  const header = [
    '# Example of deploy/nats/auth.conf, the file nats-cluster.conf includes. Copy it to auth.conf',
    '# (git-ignored), replace every REPLACE-WITH-...-PASSWORD with a long random secret (or a bcrypt',
    '# hash: `nats server passwd`), and mount it read-only next to nats-cluster.conf.',
    '#',
    '# Generated by `npm run deploy:nats-auth` (tools/deploy/generate-nats-auth.ts); do not edit by hand:',
    '# CI fails when this file differs from what the code renders. The permissions are the second wall',
    '# behind the signed global configuration, so they must never be wider than what it grants.',
    '#',
    '# Agency users: what the local launcher renders (tools/launcher/local-stack.ts natsUsers, with',
    '# agencyPermissions of libs/messaging) for the demo grants of tools/launcher/demo-setup.ts:',
    ...grantSummary(),
    '#   trust  TRUST/central (apps/trust) writes the signed global configuration, key "global" of the',
    `#          KV bucket ${configBucket(DEPLOY_NAMESPACE)}; its replies come to its own inbox prefix _INBOX.lt.TRUST.central.`,
    `#   audit  ${AUDIT_APP.member}/${AUDIT_APP.subsystem} (apps/audit) creates and reads its own durable consumer ${AUDIT_CONSUMER} on ${streamName(DEPLOY_NAMESPACE, 'AUDIT')},`,
    `#          publishes signed checkpoints on ${auditSubject(DEPLOY_NAMESPACE, AUDIT_APP.member)}, serves ${PING_SERVICE} and ${CONSISTENCY_PROOF_SERVICE}`,
    '#          (a witness asks it for a proof a checkpoint did not carry), replies into _INBOX.lt.>.',
    '#   admin  the operator (provision.sh, the `nats` CLI): manages streams, consumers and buckets.',
  ];
  return `${header.join('\n')}\n${block}`;
}

/**
 * The attachment object stores the operator provisions: one per ordered pair of the agencies whose
 * document grants the agency users carry (tools/launcher/local-stack.ts `localAttachmentPairs`),
 * so that every store a user is granted exists (ADR 0019).
 */
export function provisionedAttachmentStores(ns: BusNamespace): string[] {
  return localAttachmentPairs().map((pair) => attachmentStore(ns, pair));
}

/** The text of deploy/nats/attachment-stores.txt, which provision.sh reads. */
export function renderAttachmentStores(): string {
  return [
    '# The attachment object stores provision.sh creates, one per ordered pair <SENDER>_<RECIPIENT>',
    '# of agencies that may exchange documents: the sender writes its store, the recipient only reads',
    '# it, nobody else has any right on it (docs/adr/0019-attachment-store-per-pair.md).',
    '# Generated by `npm run deploy:nats-auth` (tools/deploy/nats-deploy.ts); do not edit by hand.',
    ...provisionedAttachmentStores(DEPLOY_NAMESPACE),
    '',
  ].join('\n');
}

/** Every generated file of deploy/nats, paths from the repository root. */
export function deployNatsFiles(): DeployFile[] {
  const streams = STREAM_KINDS.map((kind) => {
    const config = streamConfig(DEPLOY_NAMESPACE, kind, { replicas: DEPLOY_REPLICAS });
    return {
      path: `deploy/nats/streams/${config.name}.json`,
      text: formatJson(config),
    };
  });
  const consumers = provisionedConsumers(DEPLOY_NAMESPACE).map(({ stream, options }) => ({
    path: `deploy/nats/consumers/${stream}/${options.name}.json`,
    text: formatJson(durableConsumerConfig(options)),
  }));
  return [
    { path: 'deploy/nats/auth.conf.example', text: renderAuthConfExample() },
    { path: 'deploy/nats/attachment-stores.txt', text: renderAttachmentStores() },
    ...streams,
    ...consumers,
  ];
}
