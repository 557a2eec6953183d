import type { Client } from 'pg';

/**
 * What each birth makes the chain publish and apply (read from the handlers): civil status
 * publishes `birth-registered`, population applies it and publishes `citizen-created` and
 * `residence-registered`, insurance applies `citizen-created` and publishes `card-issued`, civil
 * status applies `citizen-created`, `residence-registered` and `card-issued` to its dossier.
 */
export const PUBLISHED_PER_BIRTH: Readonly<Record<string, number>> = {
  'CIV birth-registered': 1,
  'POP citizen-created': 1,
  'POP residence-registered': 1,
  'INS card-issued': 1,
};
export const APPLIED_PER_BIRTH: Readonly<Record<string, number>> = {
  'POP ← CIV birth-registered': 1,
  'INS ← POP citizen-created': 1,
  'CIV ← POP citizen-created': 1,
  'CIV ← POP residence-registered': 1,
  'CIV ← INS card-issued': 1,
};

/** The apps' schemas (fixed in their agency definitions) and their members. */
const SCHEMAS = { CIV: 'civil_status', POP: 'population', INS: 'insurance' } as const;

/** Rows of the registries a birth adds to, counted before and after the run. */
export interface RegistryCounts {
  readonly citizens: number;
  readonly residences: number;
  readonly cards: number;
}

export async function registryCounts(db: Client): Promise<RegistryCounts> {
  const { rows } = await db.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM population.citizens) AS citizens,
            (SELECT count(*) FROM population.residences) AS residences,
            (SELECT count(*) FROM insurance.health_insurance_cards) AS cards`,
  );
  const row = rows[0] ?? {};
  return {
    citizens: Number(row['citizens']),
    residences: Number(row['residences']),
    cards: Number(row['cards']),
  };
}

/**
 * How many of the given dossiers have no step left pending (each done or refused). Read from the
 * steps rather than the dossier's status, which a dossier whose last steps close at the same
 * time can miss (see `leftOpen`).
 */
export async function settledDossiers(db: Client, dossierIds: readonly string[]): Promise<number> {
  const { rows } = await db.query<{ settled: string }>(
    `SELECT count(*) AS settled FROM civil_status.dossiers d
      WHERE d.id = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM civil_status.dossier_steps s
                         WHERE s.dossier_id = d.id AND s.status = 'PENDING')`,
    [dossierIds],
  );
  return Number(rows[0]?.settled ?? 0);
}

/** Registration → card issued, as civil status's dossier records it, and when the last step closed. */
export interface ChainTimes {
  /** Dossiers whose every step is done. */
  readonly stepsDone: number;
  /** Dossiers with a step refused. */
  readonly refused: number;
  /** Dossiers whose status says COMPLETED. */
  readonly statusCompleted: number;
  /** Dossiers whose every step is done but whose status still says IN_PROGRESS. */
  readonly leftOpen: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The last step's `done_at` over the run's dossiers (epoch ms), the end of the measured window. */
  readonly lastStepDoneAt: number;
}

export async function chainTimes(db: Client, dossierIds: readonly string[]): Promise<ChainTimes> {
  const { rows } = await db.query<Record<string, string | null>>(
    `WITH run AS (
       SELECT d.id, d.status, d.received_at,
              bool_and(s.status = 'DONE') AS done,
              bool_or(s.status = 'REFUSED') AS refused,
              max(s.done_at) AS last_done,
              max(s.done_at) FILTER (WHERE s.step = 'HEALTH_INSURANCE_CARD' AND s.status = 'DONE') AS card_at
         FROM civil_status.dossiers d
         JOIN civil_status.dossier_steps s ON s.dossier_id = d.id
        WHERE d.id = ANY($1::uuid[])
        GROUP BY d.id, d.status, d.received_at)
     SELECT count(*) FILTER (WHERE done) AS done,
            count(*) FILTER (WHERE refused) AS refused,
            count(*) FILTER (WHERE status = 'COMPLETED') AS completed,
            count(*) FILTER (WHERE done AND status = 'IN_PROGRESS') AS left_open,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM card_at - received_at)) * 1000 AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM card_at - received_at)) * 1000 AS p99,
            max(extract(epoch FROM card_at - received_at)) * 1000 AS max,
            extract(epoch FROM max(last_done)) * 1000 AS last
       FROM run`,
    [dossierIds],
  );
  const row = rows[0] ?? {};
  return {
    stepsDone: Number(row['done']),
    refused: Number(row['refused']),
    statusCompleted: Number(row['completed']),
    leftOpen: Number(row['left_open']),
    p50Ms: Number(row['p50']),
    p99Ms: Number(row['p99']),
    maxMs: Number(row['max']),
    lastStepDoneAt: Number(row['last']),
  };
}

/** Events published (outbox rows, sent or not) and applied (inbox rows) per kind. */
export interface EventCounts {
  readonly published: Record<string, number>;
  readonly applied: Record<string, number>;
  /** Outbox rows the relays have not sent yet. */
  readonly outboxPending: number;
}

export async function eventCounts(db: Client): Promise<EventCounts> {
  const published: Record<string, number> = {};
  const applied: Record<string, number> = {};
  let outboxPending = 0;
  for (const [member, schema] of Object.entries(SCHEMAS)) {
    const outbox = await db.query<{ type: string; n: string; pending: string }>(
      `SELECT substring(subject from '[^.]+$') AS type, count(*) AS n,
              count(*) FILTER (WHERE sent_at IS NULL) AS pending
         FROM ${schema}.outbox GROUP BY 1`,
    );
    for (const row of outbox.rows) {
      published[`${member} ${row.type}`] = Number(row.n);
      outboxPending += Number(row.pending);
    }
    const inbox = await db.query<{ publisher: string; type: string; n: string }>(
      `SELECT publisher, type, count(*) AS n FROM ${schema}.inbox GROUP BY 1, 2`,
    );
    for (const row of inbox.rows) {
      applied[`${member} ← ${row.publisher} ${row.type}`] = Number(row.n);
    }
  }
  return { published, applied, outboxPending };
}

/**
 * Exactly once, birth by birth: every step of each accepted birth's dossier done, its registration holds
 * the child's personal id, and population holds one citizen and one residence, insurance one card
 * for that id. `extra` counts rows beyond one per birth that has any (a birth applied twice would
 * create a second child under another id, a second residence or a second card).
 */
export interface ExactlyOnce {
  readonly accepted: number;
  /** Births with every dossier step done and exactly one citizen, residence and card. */
  readonly exactlyOnce: number;
  /** Births missing a dossier step, the child citizen, the residence or the card. */
  readonly lost: number;
  /** Rows beyond one per birth: citizens, residences, cards. */
  readonly extra: RegistryCounts;
  /** Distinct children recorded on the run's birth registrations. */
  readonly children: number;
}

export async function exactlyOnce(
  db: Client,
  dossierIds: readonly string[],
  before: RegistryCounts,
): Promise<ExactlyOnce> {
  const { rows } = await db.query<Record<string, string>>(
    `WITH births AS (
       SELECT NOT EXISTS (SELECT 1 FROM civil_status.dossier_steps s
                           WHERE s.dossier_id = d.id AND s.status <> 'DONE') AS done,
              b.child_personal_id AS child,
              (SELECT count(*) FROM population.citizens c WHERE c.personal_id = b.child_personal_id) AS citizens,
              (SELECT count(*) FROM population.residences r WHERE r.personal_id = b.child_personal_id) AS residences,
              (SELECT count(*) FROM insurance.health_insurance_cards h WHERE h.personal_id = b.child_personal_id) AS cards
         FROM civil_status.dossiers d
         JOIN civil_status.birth_registrations b ON b.id = d.registration_id
        WHERE d.id = ANY($1::uuid[]))
     SELECT count(*) AS births,
            count(DISTINCT child) AS children,
            count(*) FILTER (WHERE done AND citizens = 1 AND residences = 1 AND cards = 1) AS once,
            count(*) FILTER (WHERE NOT done OR child IS NULL OR citizens = 0 OR residences = 0 OR cards = 0) AS lost,
            count(*) FILTER (WHERE citizens > 0) AS with_citizen,
            count(*) FILTER (WHERE residences > 0) AS with_residence,
            count(*) FILTER (WHERE cards > 0) AS with_card
       FROM births`,
    [dossierIds],
  );
  const row = rows[0] ?? {};
  const after = await registryCounts(db);
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    accepted: dossierIds.length,
    exactlyOnce: n('once'),
    // a dossier the run was told about but civil status does not hold is lost too
    lost: n('lost') + (dossierIds.length - n('births')),
    extra: {
      citizens: after.citizens - before.citizens - n('with_citizen'),
      residences: after.residences - before.residences - n('with_residence'),
      cards: after.cards - before.cards - n('with_card'),
    },
    children: n('children'),
  };
}

/** Sum of a count map. */
export function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** The kinds whose count differs from `perBirth × births`, with what was expected and found. */
export function unexpected(
  found: Readonly<Record<string, number>>,
  perBirth: Readonly<Record<string, number>>,
  births: number,
): Record<string, { expected: number; found: number }> {
  const kinds = new Set([...Object.keys(found), ...Object.keys(perBirth)]);
  const out: Record<string, { expected: number; found: number }> = {};
  for (const kind of kinds) {
    const expected = (perBirth[kind] ?? 0) * births;
    if ((found[kind] ?? 0) !== expected) {
      out[kind] = { expected, found: found[kind] ?? 0 };
    }
  }
  return out;
}
