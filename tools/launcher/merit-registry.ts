import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTlsCertificate } from '@lienthong/pki';
import type { LocalKeys } from '../shared/local-keys';

/** The client id the configured adapter presents to the legacy registry (deploy/agencies). */
export const MERIT_CLIENT_ID = 'lienthong-ncc';

/** Where the demo keeps the legacy registry's data and the adapter's secret. */
export interface MeritRegistryFiles {
  /** The legacy system's own records (its format, its field names). */
  readonly recordsFile: string;
  /** The client ids it accepts, with the SHA-256 of their secrets. */
  readonly clientsFile: string;
  /** The folder the agency configuration's relative files are read from (LT_AGENCY_FILES_DIR). */
  readonly agencyFilesDir: string;
  /** Personal ids of people it holds (the first one is printed as a sample). */
  readonly samples: readonly string[];
}

const CATEGORIES = ['THUONG_BINH', 'THUONG_BINH', 'NHU_THUONG_BINH', 'BENH_BINH'] as const;
const ALLOWANCES = ['DANG_HUONG', 'DANG_HUONG', 'DANG_HUONG', 'TAM_DUNG'] as const;

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * Gives the legacy merit registry its data the way a migration from the population registry would:
 * some of the oldest living men of the seeded population become war invalids, sick soldiers or
 * people treated as war invalids, in the legacy system's own format. Its client list names the
 * configured adapter with a fresh secret, kept in the adapter's folder (0600). Idempotent: an
 * existing data folder is kept.
 */
export async function prepareMeritRegistry(
  keys: LocalKeys,
  databaseUrl: string,
): Promise<MeritRegistryFiles> {
  const dir = keys.dir('legacy', 'merit-registry');
  const agencyFilesDir = keys.dir('members', 'NCC');
  const recordsFile = join(dir, 'records.json');
  const clientsFile = join(dir, 'clients.json');
  const secretFile = join(agencyFilesDir, 'merit-client-secret');
  if (!existsSync(secretFile) || !existsSync(clientsFile)) {
    const secret = randomBytes(24).toString('base64url');
    writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
    writeFileSync(
      clientsFile,
      JSON.stringify({
        clients: [
          {
            client_id: MERIT_CLIENT_ID,
            secret_sha256: createHash('sha256').update(secret).digest('hex'),
          },
        ],
      }),
    );
  }
  if (!existsSync(recordsFile)) {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    let rows: { personal_id: string; full_name: string; birth_date: string }[];
    try {
      ({ rows } = await client.query<{
        personal_id: string;
        full_name: string;
        birth_date: string;
      }>(
        `SELECT personal_id, full_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date
           FROM population.citizens
          WHERE sex = 'MALE' AND status = 'ALIVE' AND birth_date <= DATE '1975-04-30'
          ORDER BY birth_date, personal_id
          LIMIT 40`,
      ));
    } finally {
      await client.end();
    }
    const records = rows.map((row, index) => ({
      so_dinh_danh: row.personal_id,
      ho_ten: row.full_name,
      ngay_sinh: ddmmyyyy(row.birth_date),
      gioi_tinh: 'NAM',
      loai_doi_tuong: CATEGORIES[index % CATEGORIES.length],
      ty_le_ton_thuong: 21 + ((index * 13) % 60),
      so_giay_chung_nhan: `TB-${String(10_000 + index * 37).padStart(6, '0')}`,
      ngay_cap_giay: ddmmyyyy(`${1976 + (index % 20)}-07-27`),
      co_quan_quan_ly: 'Sở Nội vụ thành phố Hà Nội',
      tinh_trang_tro_cap: ALLOWANCES[index % ALLOWANCES.length],
      ngay_cap_nhat: '01/07/2025',
    }));
    writeFileSync(recordsFile, JSON.stringify({ records }, null, 1));
  }
  const records = (
    JSON.parse(readFileSync(recordsFile, 'utf8')) as {
      records: { so_dinh_danh: string }[];
    }
  ).records;
  return {
    recordsFile,
    clientsFile,
    agencyFilesDir,
    samples: records.map((r) => r.so_dinh_danh),
  };
}

/**
 * The agency configuration the NCC adapter reads: the repository's declarative file as it is when
 * the legacy registry listens on its default port, else a copy in the data folder with the origin
 * of the port chosen (LT_PORT_NCC_LEGACY).
 */
export function meritAgencyConfiguration(
  keys: LocalKeys,
  repositoryFile: string,
  legacyPort: number,
): string {
  const config = JSON.parse(readFileSync(repositoryFile, 'utf8')) as {
    $schema?: string;
    backends: { merit: { origin: string } };
  };
  const origin = `http://127.0.0.1:${legacyPort}`;
  if (config.backends.merit.origin === origin) {
    return repositoryFile;
  }
  config.backends.merit.origin = origin;
  delete config.$schema;
  const copy = join(keys.dir('members', 'NCC'), 'merit-registry.agency.json');
  writeFileSync(copy, JSON.stringify(config, null, 2));
  return copy;
}

/**
 * The TLS certificate of CIV's X-Road edge (self-signed, for 127.0.0.1 and localhost, as a
 * security server's internal TLS certificate): client systems pin it with `--cacert`.
 */
export async function xroadEdgeCertificate(
  keys: LocalKeys,
  member: string,
): Promise<{ certFile: string; keyFile: string }> {
  const dir = keys.dir('members', member);
  const certFile = join(dir, 'xroad-edge.cert.pem');
  const keyFile = join(dir, 'xroad-edge.key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    const tls = await createTlsCertificate({
      commonName: `${member} adapter (X-Road edge)`,
      hosts: ['127.0.0.1', 'localhost'],
    });
    writeFileSync(keyFile, tls.privateKeyPem, { mode: 0o600 });
    writeFileSync(certFile, tls.certificatePem);
  }
  return { certFile, keyFile };
}
