import type { DemoAccount } from '../identity/demo-accounts';
import type { SeedSummary } from '../seed/seed';
import type { LocalKeys } from '../shared/local-keys';
import {
  AGENCY_APPS,
  AUDIT_APP,
  CIV_XROAD_PORT,
  MERIT_LEGACY_PORT,
  PROCEDURES,
} from './demo-setup';
import { DEMO_PASSWORD } from './identity-setup';
import type { Infrastructure } from './local-stack';

/** Prints where everything runs and a look-up to paste. */
export function printReady(input: {
  trustUrl: string;
  infra: Infrastructure;
  keys: LocalKeys;
  seeded: SeedSummary;
  civOfficer: string;
  portOf: (member: string, fallback: number) => number;
  /** A person the legacy merit registry holds. */
  merit: string;
  consoleUrl: string;
  identityUrl: string;
  accounts: readonly DemoAccount[];
}): void {
  const { seeded, portOf } = input;
  const citizen = seeded.samples.livingAdult ?? '';
  const lines = [
    '',
    'Lienthong is up.',
    '',
    `  Console: ${input.consoleUrl}   (open it in a browser; Vietnamese, English by the switch)`,
    '',
    `  Demo accounts, every password: ${DEMO_PASSWORD}`,
    ...input.accounts.map(
      (a) =>
        `    ${a.username.padEnd(11)} ${a.role.padEnd(9)} ${(a.member ?? a.personalId ?? '').padEnd(13)} ${a.name}${a.unit ? ` — ${a.unit}` : ''}`,
    ),
    '',
    `  trust               ${input.trustUrl}  (operator API, OpenAPI at /docs)`,
    ...[...AGENCY_APPS, AUDIT_APP].map(
      (app) =>
        `  ${(app.app + ' (' + app.member + ')').padEnd(19)} http://127.0.0.1:${portOf(app.member, app.port)}  (/docs, /health)`,
    ),
    `  identity provider   ${input.identityUrl}  (OpenID Connect, demo accounts below)`,
    `  NATS                ${input.infra.natsUrl}  (streams R${input.infra.replicas}${input.infra.credentials('launcher').tls ? ', TLS' : ''})`,
    `  data folder         ${input.keys.dataDir}  (logs in logs/)`,
    '',
    'A commune officer (civil status) asks the population registry for a citizen, for a birth registration:',
    '',
    `  curl -s -X POST http://127.0.0.1:${portOf('CIV', 7103)}/v1/lookups/citizen-by-id \\`,
    `    -H "Authorization: Bearer ${input.civOfficer}" \\`,
    `    -H 'Content-Type: application/json' \\`,
    `    -d '{"purpose":{"procedure":"${PROCEDURES.birth}","legalBasis":"nd-63-2024","caseId":"HS-2026-000123"},"query":{"personalId":"${citizen}"}}'`,
    '',
    `The same officer asks the merit registry (answered by its legacy system, NCC) for a death dossier: service merit-status-by-person, procedure ${PROCEDURES.death}, personalId ${input.merit}.`,
    `Its X-Road REST edge for CIV's client systems: https://127.0.0.1:${portOf('CIV_XROAD', CIV_XROAD_PORT)}/r1/ (README: "X-Road").`,
    `  legacy merit registry http://127.0.0.1:${portOf('NCC_LEGACY', MERIT_LEGACY_PORT)}  (the NCC adapter's back end)`,
    '',
    `Samples: adult ${seeded.samples.livingAdult ?? '-'}, child under 6 ${seeded.samples.childUnder6 ?? '-'}, deceased ${seeded.samples.deceased ?? '-'}, enterprise ${seeded.samples.enterprise ?? '-'}`,
    '',
    'More tokens: npm run lt -- token --member CIV --role officer   (see README). Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}
