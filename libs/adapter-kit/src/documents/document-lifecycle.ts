import type { EdxmlStatusCode } from '@lienthong/edxml';
import { DocumentError } from './documents.errors';

/** Which party of a document sends a status: its sender (13) or one of its recipients. */
export type DocumentParty = 'sender' | 'recipient';

/** Status codes an officer may post; 01 is only ever sent by the receiving pipeline itself. */
export const OFFICER_STATUS_CODES: readonly EdxmlStatusCode[] = [
  '02',
  '03',
  '04',
  '05',
  '06',
  '13',
  '15',
  '16',
];

/** The side that sends each code (docs/domain.md §1.5). */
const SENT_BY: Readonly<Record<EdxmlStatusCode, DocumentParty>> = {
  '01': 'recipient',
  '02': 'recipient',
  '03': 'recipient',
  '04': 'recipient',
  '05': 'recipient',
  '06': 'recipient',
  '13': 'sender',
  '15': 'recipient',
  '16': 'recipient',
};

/** Main processing flow of the recipient's copy: which code may follow which. */
const MAIN_FLOW: Readonly<Partial<Record<EdxmlStatusCode, readonly EdxmlStatusCode[]>>> = {
  '01': ['02', '03'],
  '03': ['04', '05', '06'],
  // re-assignment to another handler is a second 04
  '04': ['04', '05', '06'],
  '05': ['06'],
};

/** Codes after which the sender may still ask to take the document back. */
const TAKE_BACK_FROM: readonly EdxmlStatusCode[] = ['01', '03', '04', '05'];

/** Codes that need a reason: a refusal or return (02) and a refused take-back (16). */
export const REASON_REQUIRED: readonly EdxmlStatusCode[] = ['02', '16'];

/** Where one recipient's copy stands, derived from its status timeline. */
export interface LifecycleState {
  /** Last code of the main flow (01..06), or undefined before 01. */
  readonly main?: EdxmlStatusCode;
  /** A 13 that was not yet answered with 15 or 16. */
  readonly takeBackPending: boolean;
  /** A 13 answered with 15: the copy is withdrawn. */
  readonly takenBack: boolean;
}

/** Folds a timeline (oldest first) into its lifecycle state. */
export function lifecycleState(timeline: readonly EdxmlStatusCode[]): LifecycleState {
  let main: EdxmlStatusCode | undefined;
  let takeBackPending = false;
  let takenBack = false;
  for (const code of timeline) {
    if (code === '13') {
      takeBackPending = true;
    } else if (code === '15' || code === '16') {
      takenBack = takenBack || (code === '15' && takeBackPending);
      takeBackPending = false;
    } else {
      main = code;
    }
  }
  return { ...(main ? { main } : {}), takeBackPending, takenBack };
}

/**
 * Checks that `code`, sent by `party`, legally follows `timeline` (oldest first); throws the coded
 * reason otherwise. Both sides run it: the sender before it signs, the receiver before it records
 * a status from the other party, so neither stores an impossible timeline.
 */
export function checkTransition(input: {
  readonly timeline: readonly EdxmlStatusCode[];
  readonly code: EdxmlStatusCode;
  readonly party: DocumentParty;
  readonly description?: string;
}): void {
  const { timeline, code, party } = input;
  if (SENT_BY[code] !== party) {
    throw new DocumentError(
      'DOCUMENT_STATUS_NOT_YOURS',
      `status ${code} is sent by the ${SENT_BY[code]}, not the ${party}`,
    );
  }
  if (REASON_REQUIRED.includes(code) && !input.description?.trim()) {
    throw new DocumentError('DOCUMENT_REASON_REQUIRED', `status ${code} needs a reason`);
  }
  const state = lifecycleState(timeline);
  if (!isAllowed(state, code)) {
    throw new DocumentError(
      'DOCUMENT_TRANSITION_INVALID',
      `status ${code} cannot follow ${describe(state)}`,
      { details: { current: state.main ?? null, takeBackPending: state.takeBackPending } },
    );
  }
}

function isAllowed(state: LifecycleState, code: EdxmlStatusCode): boolean {
  if (state.takenBack) {
    return false;
  }
  if (state.main === undefined) {
    // the receiving pipeline answers every arrival with 01, or 02 when it refuses it
    return code === '01' || code === '02';
  }
  if (code === '13') {
    return !state.takeBackPending && TAKE_BACK_FROM.includes(state.main);
  }
  if (code === '15' || code === '16') {
    return state.takeBackPending;
  }
  // the recipient answers a take-back request before it goes on processing
  if (state.takeBackPending) {
    return false;
  }
  return (MAIN_FLOW[state.main] ?? []).includes(code);
}

function describe(state: LifecycleState): string {
  if (state.takenBack) {
    return 'a completed take-back (15)';
  }
  if (state.takeBackPending) {
    return 'a pending take-back request (13)';
  }
  return state.main ? `status ${state.main}` : 'no status';
}
