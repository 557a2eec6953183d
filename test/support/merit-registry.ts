import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessGroup, freePort, waitForHttp } from '@lienthong/devstack';
import { type SchemaRegistry, findRepositoryRoot } from '@lienthong/schema';
import type { ServiceDef } from '@lienthong/trust';
import {
  loadAgencyConfiguration,
  type ConfiguredAgency,
} from '../../apps/configured-adapter/src/agency-configuration';
import { recordFields } from '../../tools/launcher/trust-bootstrap';

const root = findRepositoryRoot();

/** One war invalid as the legacy registry keeps him (its own field names and date format). */
export const LEGACY_RECORD = {
  so_dinh_danh: '001058012345',
  ho_ten: 'Trần Văn Bình',
  ngay_sinh: '12/04/1958',
  gioi_tinh: 'NAM',
  loai_doi_tuong: 'THUONG_BINH',
  ty_le_ton_thuong: 41,
  so_giay_chung_nhan: 'HN-TB-012345',
  ngay_cap_giay: '27/07/1989',
  co_quan_quan_ly: 'Sở Nội vụ thành phố Hà Nội',
  tinh_trang_tro_cap: 'DANG_HUONG',
  ngay_cap_nhat: '01/07/2025',
};

export const MERIT_TYPES = {
  requestType: 'urn:lienthong:merit:merit-status-by-person-request:1',
  responseType: 'urn:lienthong:merit:merit-status-by-person-response:1',
} as const;

/** The catalog entry of a merit service provided by NCC/registry. */
export function meritService(schemas: SchemaRegistry, code = 'merit-status-by-person'): ServiceDef {
  return {
    code,
    version: 1,
    provider: { member: 'NCC', subsystem: 'registry' },
    ...MERIT_TYPES,
    title: 'Meritorious service status by person',
    fields: recordFields(schemas, MERIT_TYPES.responseType),
  };
}

/**
 * The legacy merit registry (legacy/merit-registry, a program of its own) with one record, on a
 * free port, and the demo agency configuration pointed at it.
 */
export class MeritRegistryFixture {
  readonly group = new ProcessGroup({ echo: false });
  port = 0;

  constructor(readonly dir: string) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) {
      this.port = await freePort();
      writeFileSync(join(this.dir, 'records.json'), JSON.stringify({ records: [LEGACY_RECORD] }));
      writeFileSync(
        join(this.dir, 'clients.json'),
        JSON.stringify({
          clients: [
            {
              client_id: 'lienthong-ncc',
              secret_sha256: createHash('sha256').update('s3cret').digest('hex'),
            },
          ],
        }),
      );
      writeFileSync(join(this.dir, 'merit-client-secret'), 's3cret\n');
    }
    this.group.spawn('merit-registry', process.execPath, [
      join(root, 'legacy/merit-registry/server.mjs'),
      '--port',
      String(this.port),
      '--data',
      join(this.dir, 'records.json'),
      '--clients',
      join(this.dir, 'clients.json'),
    ]);
    await waitForHttp(`${this.origin}/health`, 15_000);
  }

  async stop(): Promise<void> {
    await this.group.stopAll();
  }

  /**
   * The demo configuration with this registry's origin, plus `extra` back ends and copies of the
   * demo service under other codes on other back ends.
   */
  agency(
    schemas: SchemaRegistry,
    extra: {
      backends?: Record<string, unknown>;
      copies?: { code: string; backend: string }[];
    } = {},
  ): ConfiguredAgency {
    const demo = JSON.parse(
      readFileSync(join(root, 'deploy/agencies/merit-registry.agency.json'), 'utf8'),
    ) as {
      backends: Record<string, unknown> & { merit: { origin: string } };
      services: Record<string, unknown>[];
    };
    demo.backends.merit.origin = this.origin;
    Object.assign(demo.backends, extra.backends ?? {});
    for (const copy of extra.copies ?? []) {
      demo.services.push({ ...demo.services[0], ...copy });
    }
    const file = join(this.dir, 'agency.json');
    writeFileSync(file, JSON.stringify(demo));
    return loadAgencyConfiguration(file, schemas);
  }
}
