import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessGroup, freePort, waitForHttp } from '@lienthong/devstack';
import { SchemaRegistry, findRepositoryRoot } from '@lienthong/schema';
import { makeTempRoot } from '@lienthong/testing';
import { loadAgencyConfiguration, type ConfiguredAgency } from './agency-configuration';

// Real: the legacy registry (legacy/merit-registry, a separate program that imports nothing of
// Lienthong) as a process of its own, and the demo agency configuration pointed at it.

const root = findRepositoryRoot(__dirname);

const RECORD = {
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

describe('the legacy merit registry behind the demo configuration', () => {
  const group = new ProcessGroup({ echo: false });
  let dir: string;
  let origin: string;
  let agency: ConfiguredAgency;

  beforeAll(async () => {
    dir = makeTempRoot('lt-merit-');
    writeFileSync(join(dir, 'records.json'), JSON.stringify({ records: [RECORD] }));
    writeFileSync(
      join(dir, 'clients.json'),
      JSON.stringify({
        clients: [
          {
            client_id: 'lienthong-ncc',
            secret_sha256: createHash('sha256').update('s3cret').digest('hex'),
          },
        ],
      }),
    );
    writeFileSync(join(dir, 'merit-client-secret'), 's3cret\n');
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    group.spawn(
      'merit-registry',
      process.execPath,
      [
        join(root, 'legacy/merit-registry/server.mjs'),
        '--port',
        String(port),
        '--data',
        join(dir, 'records.json'),
        '--clients',
        join(dir, 'clients.json'),
      ],
      {},
    );
    await waitForHttp(`${origin}/health`, 15_000);
    const demo = JSON.parse(
      readFileSync(join(root, 'deploy/agencies/merit-registry.agency.json'), 'utf8'),
    ) as { backends: { merit: { origin: string } } };
    demo.backends.merit.origin = origin;
    writeFileSync(join(dir, 'agency.json'), JSON.stringify(demo));
    agency = loadAgencyConfiguration(
      join(dir, 'agency.json'),
      new SchemaRegistry({ rootDir: root }),
    );
  });

  afterAll(async () => {
    await agency.close();
    await group.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses its API without a token, in its own words (ma_loi 100)', async () => {
    const response = await fetch(`${origin}/api/v1/doi-tuong/001058012345`);

    expect(response.status).toBe(401);
    await expect(response.json()).resolves.toEqual({ ma_loi: '100', mo_ta: 'AUTHEN_ERROR' });
  });

  it('refuses a token request with a wrong secret', async () => {
    const response = await fetch(`${origin}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('lienthong-ncc:wrong').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });

    expect(response.status).toBe(401);
  });

  it('answers a registered war invalid through the configuration, mapped to the schema', async () => {
    const [service] = agency.services;

    await expect(service?.backend.answer({ personalId: '001058012345' })).resolves.toEqual({
      status: 'FOUND',
      record: {
        personalId: '001058012345',
        fullName: 'Trần Văn Bình',
        dateOfBirth: '1958-04-12',
        category: 'WAR_INVALID',
        injuryRate: 41,
        certificateNumber: 'HN-TB-012345',
        certificateIssuedOn: '1989-07-27',
        managingAuthority: 'Sở Nội vụ thành phố Hà Nội',
        allowanceStatus: 'RECEIVING',
        updatedOn: '2025-07-01',
      },
    });
  });

  it('answers NOT_FOUND for a person it does not hold (its code 201)', async () => {
    await expect(
      agency.services[0]?.backend.answer({ personalId: '001099999999' }),
    ).resolves.toEqual({ status: 'NOT_FOUND' });
  });
});
