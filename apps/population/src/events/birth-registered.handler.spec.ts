import { isPersonalId } from '@lienthong/schema';
import { personalIdPrefix } from './birth-registered.handler';

describe('personalIdPrefix', () => {
  it('encodes province, century/sex and year of a boy born in 2026', () => {
    expect(personalIdPrefix('001085012345', { sex: 'MALE', birthDate: '2026-11-20' })).toBe(
      '001226',
    );
  });

  it('uses the odd century digit for a girl', () => {
    expect(personalIdPrefix('079190000321', { sex: 'FEMALE', birthDate: '2025-01-02' })).toBe(
      '079325',
    );
  });

  it('yields a valid personal id once six digits are appended', () => {
    const prefix = personalIdPrefix('001085012345', { sex: 'FEMALE', birthDate: '2024-05-05' });
    expect(isPersonalId(`${prefix}000123`)).toBe(true);
  });
});
