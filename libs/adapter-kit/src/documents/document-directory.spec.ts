import type { MemberDef, VerifiedConfiguration } from '@lienthong/trust';
import { DocumentDirectory } from './document-directory';

/** The directory reads members only; a configuration holding these members. */
function directoryOf(members: MemberDef[]): DocumentDirectory {
  const config = { member: (code: string) => members.find((m) => m.code === code) };
  return new DocumentDirectory(config as unknown as VerifiedConfiguration);
}

const sub = (code: string) => ({ code, certificates: [] });

describe('DocumentDirectory.recipient', () => {
  it('addresses the subsystem the configuration names for documents, not a client system', () => {
    const directory = directoryOf([
      {
        code: 'CIV',
        name: 'Civil status',
        organId: '000.00.00.H01',
        documentsSubsystem: 'registry',
        subsystems: [sub('hotich'), sub('registry')],
      },
    ]);
    expect(directory.recipient('CIV', 'BIZ')).toEqual({
      member: 'CIV',
      subsystem: 'registry',
      organId: '000.00.00.H01',
    });
  });

  it('takes a member’s only subsystem when none is named', () => {
    const directory = directoryOf([
      { code: 'INS', name: 'Insurance', organId: '000.00.00.I01', subsystems: [sub('registry')] },
    ]);
    expect(directory.recipient('INS', 'BIZ').subsystem).toBe('registry');
  });

  it('refuses to guess among several subsystems, and refuses itself and members without organ', () => {
    const directory = directoryOf([
      {
        code: 'CIV',
        name: 'Civil status',
        organId: '000.00.00.H01',
        subsystems: [sub('hotich'), sub('registry')],
      },
      { code: 'AUDIT', name: 'Audit', subsystems: [sub('log')] },
      { code: 'BIZ', name: 'Business', organId: '000.00.00.B01', subsystems: [sub('registry')] },
    ]);
    for (const member of ['CIV', 'AUDIT', 'BIZ', 'NONE']) {
      expect(() => directory.recipient(member, 'BIZ')).toThrow(
        expect.objectContaining({ code: 'DOCUMENT_RECIPIENT_UNKNOWN' }),
      );
    }
  });
});
