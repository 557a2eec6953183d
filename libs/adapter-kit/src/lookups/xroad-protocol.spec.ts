import { createHash } from 'node:crypto';
import {
  assertSingleHeaders,
  faultStatus,
  faultTypeOf,
  formatXRoadId,
  parseClientHeader,
  parseRequestTarget,
  readTextHeader,
  requestHash,
} from './xroad-protocol';

// The requests below are the examples of X-Road's PR-REST 1.0.3 and PR-MREST 0.5, as written there.

describe('parseRequestTarget (PR-REST §4.1, §4.2, §4.8)', () => {
  it('reads the practical example of §4.1', () => {
    expect(
      parseRequestTarget('/r1/INSTANCE/CLASS2/MEMBER2/SUBSYSTEM2/BARSERVICE/v1/bar/zyggy?quu=1'),
    ).toEqual({
      service: {
        instance: 'INSTANCE',
        memberClass: 'CLASS2',
        memberCode: 'MEMBER2',
        subsystemCode: 'SUBSYSTEM2',
        serviceCode: 'BARSERVICE',
      },
      servicePath: '/v1/bar/zyggy',
      query: 'quu=1',
    });
  });

  it('reads the metaservice requests of PR-MREST §4 and §5', () => {
    expect(
      parseRequestTarget('/r1/INSTANCE/CLASS2/MEMBER2/SUBSYSTEM2/listMethods').service.serviceCode,
    ).toBe('listMethods');
    expect(
      parseRequestTarget('/r1/INSTANCE/CLASS2/MEMBER2/SUBSYSTEM2/getOpenAPI?serviceCode=listFirms'),
    ).toMatchObject({
      service: { serviceCode: 'getOpenAPI' },
      servicePath: '',
      query: 'serviceCode=listFirms',
    });
  });

  it('refuses the invalid example of §4.2 (identifiers encoded into one segment)', () => {
    expect(() =>
      parseRequestTarget('/r1/INSTANCE%2FCLASS%2FMEMBER%2FSUBSYSTEM%2FBARSERVICE'),
    ).toThrow(expect.objectContaining({ type: 'Client.BadRequest' }));
  });

  it('refuses a "/" inside an identifier, which §4.8 (1.0.3) no longer allows', () => {
    expect(() => parseRequestTarget('/r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/BAR%2FSERVICE')).toThrow(
      expect.objectContaining({ type: 'Client.BadRequest' }),
    );
  });

  it.each([
    ['/r2/I/C/M/S/svc', 'Client.InvalidProtocolVersion'],
    ['/v1/I/C/M/S/svc', 'Client.InvalidProtocolVersion'],
    ['/r1/I/C/M/S', 'Client.BadRequest'],
    ['/r1/I/C/M/S/svc%0d%0aX-Injected:%201', 'Client.BadRequest'],
    ['/r1/I/C/M/S/%E0%A4%A', 'Client.BadRequest'],
    ['/r1/I/C/M/S/a b', 'Client.BadRequest'],
    [`/r1/I/C/M/S/${'a'.repeat(2000)}`, 'Client.BadRequest'],
  ])('refuses %s as %s', (url, type) => {
    expect(() => parseRequestTarget(url)).toThrow(expect.objectContaining({ type }));
  });
});

describe('X-Road-Client (PR-REST §4.3)', () => {
  it('reads the example of §4.1 and prints it back', () => {
    const client = parseClientHeader('INSTANCE/CLASS1/MEMBER1/SUBSYSTEM1');

    expect(client).toEqual({
      instance: 'INSTANCE',
      memberClass: 'CLASS1',
      memberCode: 'MEMBER1',
      subsystemCode: 'SUBSYSTEM1',
    });
    expect(formatXRoadId(client)).toBe('INSTANCE/CLASS1/MEMBER1/SUBSYSTEM1');
  });

  it('reads a member without subsystem (the subsystem is optional)', () => {
    expect(parseClientHeader('DEV/COM/222')).toEqual({
      instance: 'DEV',
      memberClass: 'COM',
      memberCode: '222',
    });
  });

  it.each([
    'DEV/COM',
    'A/B/C/D/E',
    'DEV/COM/222/TEST CLIENT',
    'DEV/COM/222/%0d%0aX-Road-Client:%20X',
    'DEV/COM/%ZZ/S',
  ])('refuses %j as an invalid client identifier', (value) => {
    expect(() => parseClientHeader(value)).toThrow(
      expect.objectContaining({ type: 'Client.InvalidClientIdentifier' }),
    );
  });
});

describe('assertSingleHeaders', () => {
  it('refuses a second X-Road-Client, whatever its case', () => {
    expect(() =>
      assertSingleHeaders([
        'X-Road-Client',
        'LT-DEV/GOV/CIV/hotich',
        'x-road-client',
        'LT-DEV/GOV/POP/registry',
      ]),
    ).toThrow(expect.objectContaining({ type: 'Client.DuplicateHeaderField' }));
  });

  it('lets other headers repeat', () => {
    expect(() =>
      assertSingleHeaders([
        'Accept',
        'application/json',
        'Accept',
        'text/plain',
        'X-Road-Client',
        'A/B/C',
      ]),
    ).not.toThrow();
  });
});

describe('readTextHeader', () => {
  it('decodes percent-encoded UTF-8 (Vietnamese legal basis)', () => {
    expect(
      readTextHeader(encodeURIComponent('Nghị định 63/2024/NĐ-CP'), 'X-Lienthong-Legal-Basis', 255),
    ).toBe('Nghị định 63/2024/NĐ-CP');
  });

  it.each(['%0d%0aX-Road-Client:%20evil', '%00', 'a%7F', '', '%20padded%20', 'x'.repeat(65)])(
    'refuses %j (control characters, empty, outer spaces, too long)',
    (value) => {
      expect(() => readTextHeader(value, 'X-Road-UserId', 64)).toThrow(
        expect.objectContaining({ type: 'Client.BadRequest' }),
      );
    },
  );
});

describe('requestHash (PR-REST §4.3)', () => {
  const sha512 = (data: Buffer | string) => createHash('sha512').update(data).digest();
  const input = {
    method: 'POST',
    rawUrl: '/r1/LT-DEV/GOV/NCC/registry/merit-status-by-person',
    rawHeaders: [
      'Host',
      '127.0.0.1:7106',
      'X-Road-Client',
      'LT-DEV/GOV/CIV/hotich',
      'Content-Type',
      'application/json',
      'Content-Length',
      '29',
      'X-Road-Request-Hash',
      'forged',
    ],
    requestId: '01a206b7-7085-734b-b470-9dab30573e51',
    body: Buffer.from('{"personalId":"001058012345"}'),
  };

  it('is base64 SHA512(SHA512(headers) ‖ SHA512(body)) over the X-Road serialisation', () => {
    const headers =
      'POST\r\n/r1/LT-DEV/GOV/NCC/registry/merit-status-by-person\r\n' +
      'X-Road-Client:LT-DEV/GOV/CIV/hotich\r\nContent-Type:application/json\r\n' +
      'X-Road-Request-Id:01a206b7-7085-734b-b470-9dab30573e51\r\n';
    const expected = sha512(Buffer.concat([sha512(headers), sha512(input.body)])).toString(
      'base64',
    );

    expect(requestHash(input)).toBe(expected);
    expect(Buffer.from(requestHash(input), 'base64')).toHaveLength(64);
  });

  it('is SHA512(headers) alone when there is no body', () => {
    const headers = 'GET\r\n/r1/LT-DEV/GOV/NCC/registry/listMethods\r\nX-Road-Request-Id:r\r\n';

    expect(
      requestHash({
        method: 'get',
        rawUrl: '/r1/LT-DEV/GOV/NCC/registry/listMethods',
        rawHeaders: [],
        requestId: 'r',
        body: Buffer.alloc(0),
      }),
    ).toBe(sha512(headers).toString('base64'));
  });

  it('changes with the body, a header and the request id', () => {
    const base = requestHash(input);

    expect(requestHash({ ...input, body: Buffer.from('{"personalId":"001058012346"}') })).not.toBe(
      base,
    );
    expect(
      requestHash({ ...input, rawHeaders: [...input.rawHeaders, 'X-Road-UserId', 'VN1'] }),
    ).not.toBe(base);
    expect(requestHash({ ...input, requestId: 'other' })).not.toBe(base);
  });
});

describe('faults (PR-REST §4.6)', () => {
  it('answers the caller’s mistakes with 400 and the bus’s with 500', () => {
    expect(faultStatus('Client.BadRequest')).toBe(400);
    expect(faultStatus('Server.ServerProxy.NetworkError')).toBe(500);
  });

  it.each([
    ['PROVIDER_UNAVAILABLE', true, 'Server.ServerProxy.NetworkError'],
    ['LOOKUP_PROVIDER_UNAVAILABLE', false, 'Server.ClientProxy.NetworkError'],
    ['PROVIDER_ANSWER_INVALID', true, 'Server.ServerProxy.ServiceFailed'],
    ['ACCESS_DENIED', true, 'Server.ServerProxy.AccessDenied'],
    ['ACCESS_PURPOSE_NOT_ALLOWED', true, 'Server.ServerProxy.AccessDenied'],
    ['ACCESS_LEGAL_BASIS_NOT_ALLOWED', true, 'Server.ServerProxy.AccessDenied'],
    ['ENVELOPE_RECIPIENT_SUSPENDED', false, 'Server.ClientProxy.AccessDenied'],
    ['LOOKUP_SUBJECT_ID_INVALID', false, 'Client.InvalidBody'],
    ['ACCESS_PURPOSE_MISSING', false, 'Client.MissingHeaderField'],
    ['CONFIG_STALE', false, 'Server.ClientProxy.OutdatedGlobalConf'],
    ['AUDIT_UNAVAILABLE', false, 'Server.ClientProxy.LoggingFailed'],
    ['LOOKUP_REPLY_INVALID', false, 'Server.ClientProxy.InvalidResponse'],
    ['INTERNAL_ERROR', true, 'Server.ServerProxy.InternalError'],
  ])('maps %s (signed by the provider: %s) to %s', (code, signed, type) => {
    expect(faultTypeOf(code, signed)).toBe(type);
  });
});
