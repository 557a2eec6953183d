import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalJson,
  createCsr,
  exportPrivateKeyPem,
  generateKeyPair,
  importPrivateKeyPem,
} from '@lienthong/pki';
import { type SchemaRegistry } from '@lienthong/schema';
import type { LocalKeys } from '../shared/local-keys';
import type { TrustClient } from '../shared/trust-client';
import {
  AGENCY_APPS,
  AUDIT_APP,
  DEMO_ACCESS_RIGHTS,
  DEMO_CLIENT_SYSTEM,
  DEMO_EVENT_RIGHTS,
  DEMO_SERVICES,
  type DemoApp,
} from './demo-setup';

/** Files an adapter needs to join the bus. */
export interface MemberFiles {
  readonly keyFile: string;
  readonly certFile: string;
  readonly chainFile: string;
  readonly anchorFile: string;
}

interface CertificateView {
  readonly subsystem: string;
  readonly thumbprint: string;
  readonly pem: string;
  readonly status: string;
  readonly notAfter: string;
}

/**
 * Registers the demo members, issues each one a certificate from a CSR made with its own key
 * (the key never leaves its folder), and fills the catalog and access rights. Idempotent: a
 * restart with the same data folder finds everything in place.
 */
export async function bootstrapTrust(
  trust: TrustClient,
  keys: LocalKeys,
  schemas: SchemaRegistry,
): Promise<Map<string, MemberFiles>> {
  const ca = await trust.request<{ root: string; issuing: string } & Record<string, string>>(
    'GET',
    '/v1/ca',
  );
  const anchorFile = join(keys.dir('pki'), 'bus-root-ca.pem');
  writeFileSync(anchorFile, rootPem(ca));
  const files = new Map<string, MemberFiles>();
  for (const app of [...AGENCY_APPS, AUDIT_APP]) {
    await trust.ensure('/v1/members', {
      code: app.member,
      name: app.name,
      ...(app.organId ? { organId: app.organId, documentsSubsystem: app.subsystem } : {}),
    });
    await trust.ensure(`/v1/members/${app.member}/subsystems`, { code: app.subsystem });
    files.set(app.member, await memberCertificate(trust, keys, app, anchorFile, chainPem(ca)));
  }
  // a client system of CIV (its civil-registration software) with a certificate of its own, for
  // the X-Road REST edge; registered as a subsystem, so the configuration lists its certificate
  const client = DEMO_CLIENT_SYSTEM;
  await trust.ensure(`/v1/members/${client.member}/subsystems`, { code: client.subsystem });
  files.set(
    `${client.member}/${client.subsystem}`,
    await memberCertificate(
      trust,
      keys,
      {
        app: client.subsystem,
        member: client.member,
        subsystem: client.subsystem,
        name: client.name,
        port: 0,
      },
      anchorFile,
      chainPem(ca),
      keys.dir('clients', `${client.member}-${client.subsystem}`),
    ),
  );
  for (const service of DEMO_SERVICES) {
    await trust.ensure('/v1/services', {
      code: service.code,
      version: 1,
      provider: { member: service.provider, subsystem: 'registry' },
      requestType: service.requestType,
      responseType: service.responseType,
      title: service.title,
      fields: recordFields(schemas, service.responseType),
    });
  }
  const existing = await trust.request<
    { id: string; consumer: { member: string }; service: string; legalBases?: unknown }[]
  >('GET', '/v1/access-rights');
  for (const right of DEMO_ACCESS_RIGHTS) {
    const granted = existing.find(
      (e) => e.consumer.member === right.consumer && e.service === right.service,
    );
    if (granted !== undefined) {
      // A right granted before legal bases existed allows none: granted again with them.
      if (canonicalJson(granted.legalBases ?? {}).equals(canonicalJson(right.legalBases))) {
        continue;
      }
      await trust.request('DELETE', `/v1/access-rights/${granted.id}`);
    }
    const service = DEMO_SERVICES.find((s) => s.code === right.service);
    await trust.request('POST', '/v1/access-rights', {
      consumer: { member: right.consumer, subsystem: 'registry' },
      service: right.service,
      purposes: right.purposes,
      fields:
        right.fields === '*' && service
          ? recordFields(schemas, service.responseType)
          : right.fields,
      legalBases: right.legalBases,
    });
  }
  const existingEvents = await trust.request<
    { subscriber: { member: string }; publisher: string; eventType: string }[]
  >('GET', '/v1/event-rights');
  for (const right of DEMO_EVENT_RIGHTS) {
    if (
      !existingEvents.some(
        (e) =>
          e.subscriber.member === right.subscriber &&
          e.publisher === right.publisher &&
          e.eventType === right.eventType,
      )
    ) {
      await trust.request('POST', '/v1/event-rights', {
        subscriber: { member: right.subscriber, subsystem: 'registry' },
        publisher: right.publisher,
        eventType: right.eventType,
      });
    }
  }
  await trust.request('POST', '/v1/configuration/publish');
  return files;
}

async function memberCertificate(
  trust: TrustClient,
  keys: LocalKeys,
  app: DemoApp,
  anchorFile: string,
  chain: string,
  dir = keys.dir('members', app.member),
): Promise<MemberFiles> {
  const keyFile = join(dir, 'signing.key.pem');
  const certFile = join(dir, 'signing.cert.pem');
  const chainFile = join(dir, 'chain.pem');
  writeFileSync(chainFile, chain);
  if (!existsSync(keyFile)) {
    writeFileSync(keyFile, exportPrivateKeyPem(generateKeyPair('ES256').privateKey), {
      mode: 0o600,
    });
  }
  const issued = await trust.request<CertificateView[]>(
    'GET',
    `/v1/certificates?member=${app.member}`,
  );
  // the member's certificates: those of this subsystem
  const ofSubsystem = issued.filter((c) => c.subsystem === app.subsystem);
  const current = existsSync(certFile) ? readFileSync(certFile, 'utf8') : undefined;
  const stillActive = ofSubsystem.some(
    (c) =>
      c.status === 'active' &&
      c.pem.trim() === current?.trim() &&
      Date.parse(c.notAfter) > Date.now() + 86_400_000,
  );
  if (!stillActive) {
    const privateKey = importPrivateKeyPem(readFileSync(keyFile, 'utf8'));
    const csr = await createCsr({
      privateKey,
      publicKey: (await import('node:crypto')).createPublicKey(privateKey),
      identity: { member: app.member, subsystem: app.subsystem },
      organizationName: app.name,
      ...(app.organId ? { organId: app.organId } : {}),
    });
    const cert = await trust.request<CertificateView>('POST', '/v1/certificates', {
      member: app.member,
      subsystem: app.subsystem,
      csr,
    });
    writeFileSync(certFile, cert.pem);
  }
  return { keyFile, certFile, chainFile, anchorFile };
}

/** The fields a service's answer can carry: the properties of the response's `record`. */
export function recordFields(schemas: SchemaRegistry, responseType: string): string[] {
  const schema = schemas.get(responseType) as SchemaNode;
  const record = resolve(schema, findRecord(schema));
  return Object.keys(record?.properties ?? {}).sort();
}

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  $defs?: Record<string, SchemaNode>;
}

function findRecord(schema: SchemaNode): SchemaNode | undefined {
  const direct = resolve(schema, schema.properties?.['record']);
  if (direct) {
    return direct;
  }
  for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    const found = resolve(schema, resolve(schema, branch)?.properties?.['record']);
    if (found) {
      return found;
    }
  }
  return undefined;
}

function resolve(root: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  const ref = node?.$ref;
  if (ref?.startsWith('#/$defs/')) {
    return resolve(root, root.$defs?.[ref.slice('#/$defs/'.length)]);
  }
  return node;
}

function rootPem(ca: Record<string, string>): string {
  return ca['root'] ?? ca['rootPem'] ?? ca['rootCertificate'] ?? '';
}

function chainPem(ca: Record<string, string>): string {
  return ca['issuing'] ?? ca['issuingPem'] ?? ca['issuingCertificate'] ?? '';
}
