import { SchemaRegistry } from '@lienthong/schema';
import { checkRecord } from './backend-lookup.handler';

const schemas = new SchemaRegistry();
const RESPONSE = 'urn:lienthong:merit:merit-status-by-person-response:1';

describe('checkRecord', () => {
  const record = {
    personalId: '001058012345',
    category: 'WAR_INVALID',
    injuryRate: 41,
    allowanceStatus: 'RECEIVING',
  };

  it('accepts a record that fits the response schema', () => {
    expect(() =>
      checkRecord(schemas, RESPONSE, 'merit-status-by-person', 'TRO-CAP-MAI-TANG', record),
    ).not.toThrow();
  });

  it.each([
    ['an unknown field', { ...record, ghiChu: 'extra' }],
    ['a value outside the enumeration', { ...record, category: 'LIET_SI' }],
    ['a wrong type', { ...record, injuryRate: '41%' }],
    ['a malformed identifier', { ...record, personalId: '1234' }],
  ])('refuses %s as PROVIDER_ANSWER_INVALID, naming paths not values', (_name, bad) => {
    let thrown: unknown;
    try {
      checkRecord(schemas, RESPONSE, 'merit-status-by-person', 'TRO-CAP-MAI-TANG', bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'PROVIDER_ANSWER_INVALID' });
    expect(JSON.stringify((thrown as { details?: unknown }).details)).not.toMatch(
      /extra|LIET_SI|41%|"1234"/,
    );
  });
});
