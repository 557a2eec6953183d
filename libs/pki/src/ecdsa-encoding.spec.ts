import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { derToP1363, p1363ToDer } from './ecdsa-encoding';

describe('ECDSA signature encodings', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it('converts exactly as OpenSSL does, both ways, over many signatures', () => {
    // 500 signatures include scalars with a leading zero byte and with the high bit set
    for (let i = 0; i < 500; i++) {
      const data = Buffer.from(`message ${i}`);
      const der = sign('sha256', data, privateKey);
      const p1363 = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      expect(p1363ToDer(derToP1363(der))).toEqual(der);
      expect(verify('sha256', data, publicKey, p1363ToDer(p1363)!)).toBe(true);
      expect(
        verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, derToP1363(der)),
      ).toBe(true);
    }
  });

  it('encodes scalars with leading zeros and the high bit minimally', () => {
    const signature = Buffer.concat([
      Buffer.alloc(31),
      Buffer.from([0x05]),
      Buffer.alloc(32, 0xff),
    ]);
    expect(p1363ToDer(signature)?.toString('hex')).toBe(`3026020105022100${'ff'.repeat(32)}`);
    expect(derToP1363(p1363ToDer(signature)!)).toEqual(signature);
  });

  it('refuses r || s of any length but 64 bytes', () => {
    expect(p1363ToDer(Buffer.alloc(63, 1))).toBeUndefined();
    expect(p1363ToDer(Buffer.alloc(65, 1))).toBeUndefined();
    expect(p1363ToDer(Buffer.alloc(0))).toBeUndefined();
  });

  it('refuses DER that is not a SEQUENCE of two INTEGERs of the curve size', () => {
    expect(() => derToP1363(Buffer.from('3003020101', 'hex'))).toThrow();
    expect(() => derToP1363(Buffer.from('300602010102010100', 'hex'))).toThrow(/trailing|SEQUENCE/);
    expect(() => derToP1363(Buffer.from(`30260221${'11'.repeat(33)}020101`, 'hex'))).toThrow(
      /larger than the curve/,
    );
  });
});
