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

/**
 * Which services a person may reach through the console, and with which methods. An officer works
 * only through their own agency's adapter; a citizen reads the audit log and the civil-status
 * dossiers naming them; auditors read the audit log and the trust registry; operators use both.
 * Each service still checks the token itself: this only keeps the console from being a relay to
 * places its users have no business in.
 */
export function mayUse(
  person: SessionPerson,
  services: UpstreamServices,
  name: string,
  method: string,
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
    default:
      return false;
  }
}

/** The services a person may reach (what the session endpoint tells the page). */
export function usableServices(person: SessionPerson, services: UpstreamServices): string[] {
  return Object.keys(services.services).filter((name) => mayUse(person, services, name, 'GET'));
}
