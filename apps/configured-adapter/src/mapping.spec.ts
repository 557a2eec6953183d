import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepositoryRoot } from '@lienthong/schema';
import { compileMapping, MappingError, toPlainJson } from './mapping';

const demo = JSON.parse(
  readFileSync(
    join(findRepositoryRoot(__dirname), 'deploy/agencies/merit-registry.agency.json'),
    'utf8',
  ),
) as { services: { record: string; outcomes: { when?: string }[] }[] };

const legacyAnswer = {
  ma_loi: '0',
  du_lieu: {
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
  },
};

describe('compileMapping', () => {
  it("maps the legacy registry's answer to the service's record (the demo configuration)", async () => {
    const sut = compileMapping('services[0].record', demo.services[0]?.record ?? '');

    await expect(sut.evaluate(legacyAnswer)).resolves.toEqual({
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
    });
  });

  it('returns plain objects and arrays (no JSONata sequences or null prototypes)', async () => {
    const result = (await compileMapping('m', '{ "a": items.n }').evaluate({
      items: [{ n: 1 }, { n: 2 }],
    })) as { a: unknown };

    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(result.a).toEqual([1, 2]);
    expect((result.a as { sequence?: unknown }).sequence).toBeUndefined();
  });

  it('leaves out fields the answer does not have (no undefined, no null invented)', async () => {
    await expect(
      compileMapping('m', '{ "a": x, "b": y }').evaluate({ x: 'kept' }),
    ).resolves.toEqual({ a: 'kept' });
  });

  it('binds $request and $status', async () => {
    await expect(
      compileMapping('m', '$status = 404 and $request.personalId = "1"').evaluate(
        {},
        { status: 404, request: { personalId: '1' } },
      ),
    ).resolves.toBe(true);
  });

  it('names the place and position of a syntax error when compiled', () => {
    expect(() => compileMapping('services[0].record', 'du_lieu.{')).toThrow(
      /^services\[0\]\.record: S0203 .* at position 9$/,
    );
  });

  it('stops an expression that loops on crafted input (time guardrail)', async () => {
    const sut = compileMapping('m', '($f := function($x){ $f($x + 1) }; $f(1))');

    await expect(sut.evaluate({})).rejects.toThrow(MappingError);
  });

  it('refuses a result JSON cannot carry (a function)', async () => {
    await expect(compileMapping('m', 'function($x){ $x }').evaluate({})).rejects.toThrow(
      /JSON cannot carry/,
    );
  });

  it('evaluates the demo outcome conditions on the legacy codes', async () => {
    const [found, notFound] = (demo.services[0]?.outcomes ?? []).map((o) =>
      compileMapping('when', o.when ?? 'true'),
    );

    await expect(found?.evaluate(legacyAnswer)).resolves.toBe(true);
    await expect(notFound?.evaluate({ ma_loi: '201', mo_ta: 'RECORD_NOT_FOUND' })).resolves.toBe(
      true,
    );
    await expect(notFound?.evaluate(legacyAnswer)).resolves.toBe(false);
  });
});

describe('toPlainJson', () => {
  it('refuses non-finite numbers', () => {
    expect(() => toPlainJson('m', { a: Infinity }, 0)).toThrow(/number JSON cannot carry/);
  });

  it('refuses nesting deeper than 64 levels', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 70; i++) {
      deep = [deep];
    }
    expect(() => toPlainJson('m', deep, 0)).toThrow(/deeper than 64/);
  });
});

describe('the demo mapping keeps what it does not know visible', () => {
  const sut = compileMapping('record', demo.services[0]?.record ?? '');

  it('passes an unknown code through unchanged, so the response schema refuses it', async () => {
    await expect(
      sut.evaluate({ du_lieu: { ...legacyAnswer.du_lieu, loai_doi_tuong: 'LIET_SI' } }),
    ).resolves.toMatchObject({ category: 'LIET_SI' });
  });

  it('fails on a date it cannot read', async () => {
    await expect(
      sut.evaluate({ du_lieu: { ...legacyAnswer.du_lieu, ngay_sinh: '1958-04-12' } }),
    ).rejects.toThrow(MappingError);
  });
});
