import { readFileSync } from 'node:fs';
import type { SessionPerson } from '../session/console-session.entity';

/** The services the console calls: agency adapters by member code, `AUDIT`, `TRUST`. */
export interface UpstreamServices {
  /** Service name → base URL (`http://127.0.0.1:7103`). */
  readonly services: Readonly<Record<string, string>>;
  /** Services a citizen may read (their access log, their dossiers). */
  readonly citizenServices: readonly string[];
}

const NAME = /^[A-Z][A-Z0-9]{1,15}$/;

export function readUpstreamServices(path: string): UpstreamServices {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<UpstreamServices>;
  const services = parsed.services ?? {};
  for (const [name, url] of Object.entries(services)) {
    if (!NAME.test(name) || !/^https?:\/\/[^/]+$/.test(url)) {
      throw new Error(`${path}: service ${name} needs a base URL without a path`);
    }
  }
  return { services, citizenServices: parsed.citizenServices ?? [] };
}

const READ = new Set(['GET', 'HEAD']);

/** The aggregate figures a leader reads (the audit service's and their agency's statistics). */
const FIGURES = /^v1\/statistics\/[a-z]{1,32}(\.csv)?$/;

/**
 * Which services a person may reach through the console, and with which methods. An officer works
 * only through their own agency's adapter; a citizen reads the audit log and the civil-status
 * dossiers naming them; auditors read the audit log and the trust registry; operators use both;
 * a leader reads the figures (`v1/statistics/…`) of the audit service and of their own agency,
 * never a record. Each service still checks the token itself: this only keeps the console from
 * being a relay to places its users have no business in. Without a path, whether the person may
 * reach the service at all.
 */
export function mayUse(
  person: SessionPerson,
  services: UpstreamServices,
  name: string,
  method: string,
  path?: string,
) {
  switch (person.role) {
    case 'officer':
      return name === person.member;
    case 'citizen':
      return services.citizenServices.includes(name) && READ.has(method);
    case 'auditor':
      return name === 'AUDIT' || (name === 'TRUST' && READ.has(method));
    case 'operator':
      return name === 'AUDIT' || name === 'TRUST';
    case 'leader':
      return (
        (name === 'AUDIT' || name === person.member) &&
        READ.has(method) &&
        (path === undefined || FIGURES.test(path))
      );
    default:
      return false;
  }
}

/** The services a person may reach (what the session endpoint tells the page). */
export function usableServices(person: SessionPerson, services: UpstreamServices): string[] {
  return Object.keys(services.services).filter((name) => mayUse(person, services, name, 'GET'));
}
