import type { Person } from '../api/session';

/** One entry of a role's navigation: a route and its label's message key. */
export interface NavigationLink {
  readonly to: string;
  readonly label: string;
}

/**
 * The navigation of each role. A new role's pages (part 2: auditors, operators, leaders) add
 * their entries here and their routes in app.tsx.
 */
export function navigationOf(person: Person): NavigationLink[] {
  switch (person.role) {
    case 'officer':
      return [
        { to: '/officer/lookup', label: 'nav.lookup' },
        { to: '/officer/profile', label: 'nav.profile' },
        // births and deaths are registered at the commune's civil-status office
        ...(person.member === 'CIV'
          ? [
              { to: '/officer/births/new', label: 'nav.birth' },
              { to: '/officer/deaths/new', label: 'nav.death' },
              { to: '/officer/dossiers', label: 'nav.dossiers' },
            ]
          : []),
      ];
    case 'citizen':
      return [
        { to: '/citizen/accesses', label: 'nav.accesses' },
        { to: '/citizen/dossiers', label: 'nav.myDossiers' },
      ];
    case 'auditor':
      return [
        { to: '/audit/search', label: 'oversight:nav.search' },
        { to: '/audit/lineage', label: 'oversight:nav.lineage' },
        { to: '/audit/evidence', label: 'oversight:nav.evidence' },
        { to: '/audit/health', label: 'oversight:nav.health' },
        { to: '/staff/accesses', label: 'nav.subjectAccesses' },
      ];
    case 'operator':
      return [
        { to: '/staff/accesses', label: 'nav.subjectAccesses' },
        { to: '/operator/members', label: 'operator.nav.members' },
        { to: '/operator/rights', label: 'operator.nav.rights' },
      ];
    case 'leader':
      return [{ to: '/leader/dashboard', label: 'oversight:nav.dashboard' }];
  }
}
