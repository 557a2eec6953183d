import type { LookupClient } from '@lienthong/adapter-kit';
import type { Officer } from '@lienthong/envelope';

/** The legal basis of both interconnected procedure groups. */
export const INTERCONNECTED_LEGAL_BASIS = 'Nghị định 63/2024/NĐ-CP';

/**
 * Reads a person from the population registry for a dossier ("provide data once": the officer
 * names the person, the registry supplies the record). Returns the minimised record, or undefined
 * when the registry holds no such citizen.
 */
export async function lookUpCitizen(
  lookups: LookupClient,
  input: { personalId: string; procedure: string; dossierId: string; officer: Officer },
): Promise<Record<string, unknown> | undefined> {
  const { personalId, procedure, dossierId, officer } = input;
  const { answer } = await lookups.lookup({
    service: 'citizen-by-id',
    query: { personalId },
    purpose: { procedure, legalBasis: INTERCONNECTED_LEGAL_BASIS, caseId: dossierId },
    officer,
    correlationId: dossierId,
  });
  return answer.status === 'FOUND' ? (answer.record ?? {}) : undefined;
}
