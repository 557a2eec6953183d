import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { TokenIssuer } from '@lienthong/access-tokens';
import { type DemoAccount, hashPassword } from '../identity/demo-accounts';
import { BUS_RESOURCE, DEMO_CLAIMS, type IdentityClient } from '../identity/identity-provider';
import type { LocalKeys } from '../shared/local-keys';

/** The one password of every demo account of the local identity provider (printed at start). */
export const DEMO_PASSWORD = 'lienthong-demo';

/** A citizen of the seeded registry who gets a demo account. */
export interface DemoCitizen {
  readonly personalId: string;
  readonly fullName: string;
}

/** Files the identity provider and the console read. */
export interface IdentityFiles {
  readonly dataDir: string;
  readonly accountsFile: string;
  readonly clientsFile: string;
  readonly clientSecretFile: string;
  readonly accounts: readonly DemoAccount[];
}

/**
 * The issuers every service (adapters, audit, trust) and the console accept access tokens from:
 * the local provider, by its JWKS, its audience and its claim names. Written before any service
 * starts (they read it at boot; the keys themselves are fetched on first use).
 */
export function writeTokenIssuers(keys: LocalKeys, identityUrl: string): string {
  const issuers: TokenIssuer[] = [
    {
      issuer: identityUrl,
      jwksUri: `${identityUrl}/jwks`,
      audience: BUS_RESOURCE,
      algorithms: ['ES256'],
      roles: ['officer', 'auditor', 'operator', 'leader', 'citizen'],
      claims: DEMO_CLAIMS,
    },
  ];
  const file = join(keys.dir('identity'), 'token-issuers.json');
  writeFileSync(file, JSON.stringify(issuers, null, 2));
  return file;
}

const STAFF: readonly Omit<DemoAccount, 'passwordHash'>[] = [
  {
    username: 'canbo.civ',
    subject: 'cb-tuphap-01',
    name: 'Nguyễn Thị Hoa',
    role: 'officer',
    member: 'CIV',
    unit: 'UBND xã Tân Phú — Tư pháp - hộ tịch',
  },
  {
    username: 'canbo.pop',
    subject: 'cb-congan-01',
    name: 'Trần Văn Bình',
    role: 'officer',
    member: 'POP',
    unit: 'Công an xã Tân Phú',
  },
  {
    username: 'canbo.biz',
    subject: 'cb-dkkd-01',
    name: 'Lê Thị Thu',
    role: 'officer',
    member: 'BIZ',
    unit: 'Phòng Đăng ký kinh doanh',
  },
  {
    username: 'canbo.ins',
    subject: 'cb-bhxh-01',
    name: 'Phạm Quốc Dũng',
    role: 'officer',
    member: 'INS',
    unit: 'Bảo hiểm xã hội cơ sở',
  },
  {
    username: 'kiemtoan',
    subject: 'kt-01',
    name: 'Đỗ Minh Châu',
    role: 'auditor',
    unit: 'Thanh tra bảo vệ dữ liệu cá nhân',
  },
  {
    username: 'vanhanh',
    subject: 'vh-01',
    name: 'Vũ Hải Nam',
    role: 'operator',
    unit: 'Trung tâm vận hành Lienthong',
  },
  {
    username: 'lanhdao',
    subject: 'ld-01',
    name: 'Hoàng Văn Lâm',
    role: 'leader',
    member: 'CIV',
    unit: 'Lãnh đạo Sở Tư pháp',
  },
];

/**
 * Two living adults of the seeded registry for the citizens' demo accounts: the launcher's sample
 * adult (the one its printed look-up asks for) and, when alive, their spouse.
 */
export async function demoCitizens(databaseUrl: string, sample: string): Promise<DemoCitizen[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const query = (sql: string, params: unknown[]) =>
      client.query<{ personal_id: string; full_name: string }>(sql, params);
    const { rows } = await query(
      `SELECT personal_id, full_name FROM population.citizens
        WHERE status = 'ALIVE' AND (personal_id = $1 OR personal_id =
              (SELECT spouse_id FROM population.citizens WHERE personal_id = $1))
        ORDER BY personal_id = $1 DESC`,
      [sample],
    );
    if (rows.length < 2) {
      const other = await query(
        `SELECT personal_id, full_name FROM population.citizens
          WHERE status = 'ALIVE' AND personal_id <> $1 AND birth_date < now() - interval '18 years'
          ORDER BY personal_id LIMIT 1`,
        [sample],
      );
      rows.push(...other.rows);
    }
    return rows.map((r) => ({ personalId: r.personal_id.trim(), fullName: r.full_name }));
  } finally {
    await client.end();
  }
}

/**
 * Writes the local identity provider's accounts and its one client, the console. The console's
 * client secret is made once and kept.
 */
export function writeIdentityFiles(
  keys: LocalKeys,
  input: { consoleUrl: string; citizens: readonly DemoCitizen[] },
): IdentityFiles {
  const dataDir = keys.dir('identity');
  const clientSecretFile = join(dataDir, 'console-client.secret');
  if (!existsSync(clientSecretFile)) {
    writeFileSync(clientSecretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  const passwordHash = hashPassword(DEMO_PASSWORD);
  const accounts: DemoAccount[] = [
    ...STAFF.map((a) => ({ ...a, passwordHash })),
    ...input.citizens.map((c, i) => ({
      username: `congdan${i + 1}`,
      subject: `cd-${c.personalId}`,
      name: c.fullName,
      role: 'citizen' as const,
      personalId: c.personalId,
      passwordHash,
    })),
  ];
  const accountsFile = join(dataDir, 'accounts.json');
  writeFileSync(accountsFile, JSON.stringify(accounts, null, 2), { mode: 0o600 });
  const clients: IdentityClient[] = [
    {
      clientId: 'lienthong-console',
      clientSecret: readFileSync(clientSecretFile, 'utf8').trim(),
      redirectUris: [`${input.consoleUrl}/auth/callback`],
      postLogoutRedirectUris: [`${input.consoleUrl}/`],
    },
  ];
  const clientsFile = join(dataDir, 'clients.json');
  writeFileSync(clientsFile, JSON.stringify(clients, null, 2), { mode: 0o600 });
  return { dataDir, accountsFile, clientsFile, clientSecretFile, accounts };
}
