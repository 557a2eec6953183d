import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { ProblemFilter } from '@lienthong/errors';
import {
  attachmentPairs,
  attachmentStore,
  connectBus,
  drainBus,
  ensureAttachmentStore,
  ensureConfigBucket,
  ensureStreams,
  jetstream,
  jetstreamManager,
  type BusNamespace,
  type NatsConnection,
  type ObjectStore,
} from '@lienthong/messaging';
import {
  CertificateAuthority,
  Signer,
  createCsr,
  exportPrivateKeyPem,
  generateKeyPair,
  type MemberIdentity,
} from '@lienthong/pki';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import {
  AdapterKitModule,
  BusRuntime,
  DOCUMENT_UPLOAD_ROUTE,
  loadAdapterConfig,
  type AgencyDefinition,
} from '@lienthong/adapter-kit';
import {
  XRoadEdgeServer,
  startXRoadListener,
  useAdapterBodyParser,
} from '@lienthong/adapter-kit/testing';
import {
  encodeConfigurationRecord,
  signGlobalConfiguration,
  type AccessRight,
  type EventRight,
  type GlobalConfiguration,
  type ServiceDef,
  putConfiguration,
} from '@lienthong/trust';
import { eventually } from './eventually';
import { makeTempRoot } from './test-servers';
import { testDatabaseUrl, testNatsConnection, testNatsEnv } from './test-env';
import { testNamespace } from './test-namespace';

/** The attachment stores of a test bus, one per ordered pair of its members. */
export interface TestAttachmentStores {
  /** The store of the files `sender` sends to `recipient`. */
  of(sender: string, recipient: string): ObjectStore;
  destroy(): Promise<void>;
}

/** One member system of a test bus, with its key material on disk like a real adapter's. */
export interface TestMember {
  readonly identity: MemberIdentity;
  readonly signer: Signer;
  readonly keyFile: string;
  readonly certFile: string;
  readonly chainFile: string;
  readonly officerKey: ReturnType<typeof generateKeyPair>;
  readonly officerPublicKeyFile: string;
}

/** What a test bus is made of; certificates are issued for every member listed. */
export interface TestBusInput {
  readonly members: readonly MemberIdentity[];
  readonly services?: readonly ServiceDef[];
  readonly accessRights?: readonly AccessRight[];
  readonly eventRights?: readonly EventRight[];
  readonly validitySeconds?: number;
  /** Replicas of the namespace's streams and bucket: 3 on a test's own cluster; default 1. */
  readonly replicas?: number;
}

/**
 * A complete, real bus for one test file: its own subject namespace and streams on the test
 * nats-server, a root + issuing CA, a certificate per member, and a signed global configuration
 * published in KV — everything an adapter needs, with nothing mocked.
 */
export class TestBus {
  private version = 1;
  private readonly extraCertificates: { identity: MemberIdentity; pem: string }[] = [];

  private constructor(
    readonly namespace: BusNamespace,
    readonly dir: string,
    readonly root: CertificateAuthority,
    readonly issuing: CertificateAuthority,
    readonly trust: Signer,
    readonly members: ReadonlyMap<string, TestMember>,
    readonly anchorFile: string,
    readonly subjectKeyFile: string,
    private readonly input: TestBusInput,
    readonly nc: NatsConnection,
  ) {}

  static async create(input: TestBusInput): Promise<TestBus> {
    const dir = makeTempRoot('lt-bus-');
    const root = await CertificateAuthority.createRoot({
      commonName: 'Test Bus Root CA',
      validityDays: 30,
    });
    const issuing = await root.createIssuing({
      commonName: 'Test Bus Issuing CA',
      validityDays: 30,
    });
    const anchorFile = join(dir, 'root.pem');
    writeFileSync(anchorFile, root.certificate.pem);
    const subjectKeyFile = join(dir, 'subject.key');
    writeFileSync(subjectKeyFile, randomBytes(32), { mode: 0o600 });
    const trust = (await issueMember(issuing, dir, { member: 'TRUST', subsystem: 'central' }))
      .signer;
    const members = new Map<string, TestMember>();
    for (const identity of input.members) {
      members.set(
        `${identity.member}/${identity.subsystem}`,
        await issueMember(issuing, dir, identity),
      );
    }
    const namespace = testNamespace();
    const nc = await connectBus({ ...testNatsConnection(), name: 'test-bus' });
    await ensureStreams(await jetstreamManager(nc), namespace, { replicas: input.replicas ?? 1 });
    const bus = new TestBus(
      namespace,
      dir,
      root,
      issuing,
      trust,
      members,
      anchorFile,
      subjectKeyFile,
      input,
      nc,
    );
    await bus.publishConfiguration();
    return bus;
  }

  member(member: string, subsystem = 'registry'): TestMember {
    const found = this.members.get(`${member}/${subsystem}`);
    if (!found) {
      throw new Error(`no test member ${member}/${subsystem}`);
    }
    return found;
  }

  /** The global configuration document; `changes` lets a test revoke, expire or re-scope. */
  configuration(changes: Partial<GlobalConfiguration> = {}): GlobalConfiguration {
    const now = Date.now();
    const members = new Map<
      string,
      { code: string; name: string; subsystems: { code: string; certificates: string[] }[] }
    >();
    const all = [
      { identity: this.trust.identity, pem: this.trust.certificate.pem },
      ...[...this.members.values()].map((x) => ({
        identity: x.identity,
        pem: x.signer.certificate.pem,
      })),
      ...this.extraCertificates,
    ];
    for (const m of all) {
      const entry = members.get(m.identity.member) ?? {
        code: m.identity.member,
        name: `Test ${m.identity.member}`,
        subsystems: [],
      };
      const subsystem = entry.subsystems.find((s) => s.code === m.identity.subsystem);
      if (subsystem) {
        subsystem.certificates.push(m.pem);
      } else {
        entry.subsystems.push({ code: m.identity.subsystem, certificates: [m.pem] });
      }
      members.set(m.identity.member, entry);
    }
    return {
      version: this.version,
      instance: 'LT-TEST',
      issuedAt: new Date(now - 1000).toISOString(),
      expiresAt: new Date(now + (this.input.validitySeconds ?? 600) * 1000).toISOString(),
      anchors: [this.root.certificate.pem],
      intermediates: [this.issuing.certificate.pem],
      members: [...members.values()],
      services: [...(this.input.services ?? [])],
      accessRights: [...(this.input.accessRights ?? [])],
      eventRights: [...(this.input.eventRights ?? [])],
      revocations: [],
      settings: { clockSkewSeconds: 30, maxMessageBytes: 1048576, maxLifetimeSeconds: 86400 },
      ...changes,
    };
  }

  /**
   * Issues another certificate for a member (e.g. one already expired) and lists it in the
   * configurations published from now on; returns a signer holding its key.
   */
  async addCertificate(
    identity: MemberIdentity,
    options: { notBefore?: Date; validityDays?: number } = {},
  ): Promise<Signer> {
    const member = await issueMember(
      this.issuing,
      this.dir,
      identity,
      options,
      `extra-${this.extraCertificates.length}`,
    );
    this.extraCertificates.push({ identity, pem: member.signer.certificate.pem });
    return member.signer;
  }

  /**
   * A client system of a member (an information system that calls the bus through its adapter,
   * e.g. over the X-Road REST edge): a certificate the bus CA issues for `identity` and the
   * configurations published from now on register. Returns what the system presents in TLS.
   */
  async addClientSystem(identity: MemberIdentity): Promise<{ cert: string; key: string }> {
    const label = `client-${this.extraCertificates.length}`;
    const member = await issueMember(this.issuing, this.dir, identity, {}, label);
    this.extraCertificates.push({ identity, pem: member.signer.certificate.pem });
    return { cert: member.signer.certificate.pem, key: readFileSync(member.keyFile, 'utf8') };
  }

  /** Signs and puts a (new version of the) configuration into the namespace's KV bucket. */
  async publishConfiguration(
    changes: Partial<GlobalConfiguration> = {},
  ): Promise<GlobalConfiguration> {
    const config = this.configuration({ version: this.version++, ...changes });
    const kv = await ensureConfigBucket(jetstream(this.nc), this.namespace, {
      replicas: this.input.replicas ?? 1,
    });
    await putConfiguration(
      kv,
      'global',
      encodeConfigurationRecord(signGlobalConfiguration(config, this.trust)),
    );
    return config;
  }

  /**
   * Creates, as the operator does, the attachment object store of every ordered pair of the bus's
   * members (ADR 0019) and returns them by pair; `destroy` removes them all.
   */
  async ensureAttachmentStores(): Promise<TestAttachmentStores> {
    const members = [...new Set([...this.members.values()].map((m) => m.identity.member))];
    const stores = new Map<string, ObjectStore>();
    for (const pair of attachmentPairs(members)) {
      stores.set(
        attachmentStore(this.namespace, pair),
        await ensureAttachmentStore(jetstream(this.nc), this.namespace, pair, {
          replicas: this.input.replicas ?? 1,
        }),
      );
    }
    return {
      of: (sender, recipient) => {
        const store = stores.get(attachmentStore(this.namespace, { sender, recipient }));
        if (!store) {
          throw new Error(`no attachment store of ${sender} to ${recipient} on this bus`);
        }
        return store;
      },
      destroy: async () => {
        await Promise.all([...stores.values()].map((store) => store.destroy()));
      },
    };
  }

  /** The environment an adapter process of `member` reads (libs/adapter-kit adapter.config.ts). */
  adapterEnv(
    member: string,
    subsystem = 'registry',
    extra: Record<string, string> = {},
  ): Record<string, string> {
    const m = this.member(member, subsystem);
    return {
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      ...testNatsEnv(),
      DATABASE_URL: process.env['TEST_DATABASE_URL'] ?? '',
      LT_KEY_FILE: m.keyFile,
      LT_CERT_FILE: m.certFile,
      LT_CHAIN_FILE: m.chainFile,
      LT_ANCHOR_FILE: this.anchorFile,
      LT_SUBJECT_KEY_FILE: this.subjectKeyFile,
      OFFICER_TOKEN_PUBLIC_KEY_FILE: m.officerPublicKeyFile,
      BUS_SUBJECT_ROOT: this.namespace.subjectRoot,
      BUS_STREAM_PREFIX: this.namespace.streamPrefix,
      ...extra,
    };
  }

  /** A bearer token of an officer of `member` (what `lt token` mints). */
  officerToken(
    member: string,
    role = 'officer',
    subject = 'officer-01',
    subsystem = 'registry',
  ): Promise<string> {
    return new SignJWT({ role })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject(subject)
      .setIssuer(`lienthong:${member}`)
      .setAudience(`lienthong:${member}`)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(this.member(member, subsystem).officerKey.privateKey);
  }

  /**
   * Starts an adapter of this bus in-process (the kit's Nest module, RFC 9457 filter) and waits
   * until its `/health` is green — i.e. it holds a verified configuration.
   */
  async startAdapter(
    definition: AgencyDefinition,
    options: {
      databaseUrl?: string;
      env?: Record<string, string>;
      logger?: boolean;
      /** Also serve the X-Road REST edge over mutual TLS on a free port (XRoadEdgeServer.port). */
      xroadTls?: { certFile: string; keyFile: string };
    } = {},
  ): Promise<INestApplication> {
    const config = loadAdapterConfig(
      this.adapterEnv(definition.member, definition.subsystem, {
        DATABASE_URL: options.databaseUrl ?? testDatabaseUrl(),
        ...options.env,
      }),
      { requireOfficerKey: definition.consumerApi !== false },
    );
    const moduleRef = await Test.createTestingModule({
      imports: [AdapterKitModule.forAgency(definition, config)],
    }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      ...(options.logger === true ? {} : { logger: false }),
    });
    useAdapterBodyParser(
      app,
      config.http.bodyLimit,
      definition.documents ? [DOCUMENT_UPLOAD_ROUTE] : [],
    );
    app.useGlobalFilters(new ProblemFilter());
    try {
      await app.init();
    } catch (error) {
      // an adapter refused at start still holds what its modules opened (bus, pool): close them
      await app.close().catch(() => undefined);
      throw error;
    }
    if (options.xroadTls) {
      const edge = await startXRoadListener(app, {
        host: '127.0.0.1',
        port: 0,
        ...options.xroadTls,
      });
      app.get(XRoadEdgeServer).attach(edge.server);
    }
    const runtime = app.get(BusRuntime);
    await eventually(
      () => {
        if (!runtime.configuration.status().ok) {
          throw new Error(`${definition.member} holds no verified configuration yet`);
        }
      },
      { timeoutMs: 10_000 },
    );
    return app;
  }

  async close(): Promise<void> {
    await drainBus(this.nc);
  }
}

async function issueMember(
  ca: CertificateAuthority,
  dir: string,
  identity: MemberIdentity,
  options: { notBefore?: Date; validityDays?: number } = {},
  label = 'main',
): Promise<TestMember> {
  const { privateKey, publicKey } = generateKeyPair('ES256');
  const csr = await createCsr({
    privateKey,
    publicKey,
    identity,
    organizationName: `Test ${identity.member}`,
  });
  const certificate = await ca.issueFromCsr(csr, {
    validityDays: options.validityDays ?? 10,
    ...(options.notBefore ? { notBefore: options.notBefore } : {}),
  });
  const folder = join(dir, `${identity.member}-${identity.subsystem}-${label}`);
  mkdirSync(folder, { recursive: true });
  const keyFile = join(folder, 'key.pem');
  const certFile = join(folder, 'cert.pem');
  const chainFile = join(folder, 'chain.pem');
  const keyPem = exportPrivateKeyPem(privateKey);
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
  writeFileSync(certFile, certificate.pem);
  writeFileSync(chainFile, ca.certificate.pem);
  const officerKey = generateKeyPair('ES256');
  const officerPublicKeyFile = join(folder, 'officer.pub.pem');
  writeFileSync(
    officerPublicKeyFile,
    createPublicKey(officerKey.privateKey).export({ type: 'spki', format: 'pem' }).toString(),
  );
  const signer = Signer.fromPem({
    privateKeyPem: keyPem,
    certificatePem: certificate.pem,
    chainPems: [ca.certificate.pem],
  });
  return { identity, signer, keyFile, certFile, chainFile, officerKey, officerPublicKeyFile };
}
