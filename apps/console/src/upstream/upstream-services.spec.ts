import type { SessionPerson } from '../session/console-session.entity';
import { mayUse, usableServices, type UpstreamServices } from './upstream-services';

const services: UpstreamServices = {
  services: {
    AUDIT: 'http://127.0.0.1:1',
    TRUST: 'http://127.0.0.1:2',
    CIV: 'http://127.0.0.1:3',
    POP: 'http://127.0.0.1:4',
  },
  citizenServices: ['AUDIT', 'CIV'],
};

const leader: SessionPerson = { subject: 'ld-01', role: 'leader', member: 'CIV' };
const auditor: SessionPerson = { subject: 'kt-01', role: 'auditor' };

describe('mayUse', () => {
  it('lets a leader read the figures of the audit service and of their own agency only', () => {
    expect(mayUse(leader, services, 'AUDIT', 'GET', 'v1/statistics/messages')).toBe(true);
    expect(mayUse(leader, services, 'AUDIT', 'GET', 'v1/statistics/messages.csv')).toBe(true);
    expect(mayUse(leader, services, 'CIV', 'GET', 'v1/statistics/dossiers')).toBe(true);
    expect(usableServices(leader, services)).toEqual(['AUDIT', 'CIV']);
  });

  it('refuses a leader records, another agency, a change and a path that climbs out', () => {
    expect(mayUse(leader, services, 'AUDIT', 'GET', 'v1/records')).toBe(false);
    expect(mayUse(leader, services, 'AUDIT', 'GET', 'v1/evidence/x')).toBe(false);
    expect(mayUse(leader, services, 'POP', 'GET', 'v1/statistics/dossiers')).toBe(false);
    expect(mayUse(leader, services, 'TRUST', 'GET', 'v1/statistics/messages')).toBe(false);
    expect(mayUse(leader, services, 'CIV', 'POST', 'v1/statistics/dossiers')).toBe(false);
    expect(mayUse(leader, services, 'AUDIT', 'GET', 'v1/statistics/../records')).toBe(false);
    expect(mayUse(leader, services, 'AUDIT', 'GET', 'v1/statistics/%2e%2e/records')).toBe(false);
  });

  it('lets an auditor read the audit service and the registry, never change the registry', () => {
    expect(mayUse(auditor, services, 'AUDIT', 'GET', 'v1/records')).toBe(true);
    expect(mayUse(auditor, services, 'TRUST', 'GET', 'v1/members')).toBe(true);
    expect(mayUse(auditor, services, 'TRUST', 'POST', 'v1/members')).toBe(false);
    expect(mayUse(auditor, services, 'CIV', 'GET', 'v1/statistics/dossiers')).toBe(false);
  });
});
