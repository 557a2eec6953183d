import type { EdxmlStatusCode } from '@lienthong/edxml';
import { checkTransition, lifecycleState, type DocumentParty } from './document-lifecycle';

function codeOf(
  timeline: EdxmlStatusCode[],
  code: EdxmlStatusCode,
  party: DocumentParty,
  description?: string,
): string {
  try {
    checkTransition({ timeline, code, party, ...(description ? { description } : {}) });
    return 'OK';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('checkTransition', () => {
  it.each<[EdxmlStatusCode[], EdxmlStatusCode, DocumentParty, string]>([
    [[], '01', 'recipient', 'OK'],
    [[], '03', 'recipient', 'DOCUMENT_TRANSITION_INVALID'],
    [['01'], '03', 'recipient', 'OK'],
    [['01'], '01', 'recipient', 'DOCUMENT_TRANSITION_INVALID'],
    [['01'], '06', 'recipient', 'DOCUMENT_TRANSITION_INVALID'],
    [['01', '03'], '04', 'recipient', 'OK'],
    [['01', '03', '04'], '04', 'recipient', 'OK'],
    [['01', '03', '04', '05'], '06', 'recipient', 'OK'],
    [['01', '03', '04', '05', '06'], '05', 'recipient', 'DOCUMENT_TRANSITION_INVALID'],
    [['01'], '03', 'sender', 'DOCUMENT_STATUS_NOT_YOURS'],
    [['01'], '13', 'recipient', 'DOCUMENT_STATUS_NOT_YOURS'],
    [['01', '03'], '13', 'sender', 'OK'],
    [['01', '03', '13'], '13', 'sender', 'DOCUMENT_TRANSITION_INVALID'],
    [['01', '03', '13'], '05', 'recipient', 'DOCUMENT_TRANSITION_INVALID'],
    [['01', '03', '13'], '15', 'recipient', 'OK'],
    [['01', '03'], '15', 'recipient', 'DOCUMENT_TRANSITION_INVALID'],
    [['01', '03', '13', '15'], '04', 'recipient', 'DOCUMENT_TRANSITION_INVALID'],
    [['01', '03', '13', '16'], '04', 'recipient', 'OK'],
    [['01', '03', '04', '05', '06'], '13', 'sender', 'DOCUMENT_TRANSITION_INVALID'],
  ])('%j then %s by the %s: %s', (timeline, code, party, expected) => {
    const description = code === '02' || code === '16' ? 'lý do' : undefined;
    expect(codeOf(timeline, code, party, description)).toBe(expected);
  });

  it('requires a reason for 02 and 16', () => {
    expect(codeOf(['01'], '02', 'recipient')).toBe('DOCUMENT_REASON_REQUIRED');
    expect(codeOf(['01'], '02', 'recipient', 'sai thẩm quyền')).toBe('OK');
    expect(codeOf(['01', '13'], '16', 'recipient', '  ')).toBe('DOCUMENT_REASON_REQUIRED');
  });

  it('folds a timeline into its state', () => {
    expect(lifecycleState(['01', '03', '13'])).toEqual({
      main: '03',
      takeBackPending: true,
      takenBack: false,
    });
    expect(lifecycleState(['01', '13', '15'])).toEqual({
      main: '01',
      takeBackPending: false,
      takenBack: true,
    });
  });
});
