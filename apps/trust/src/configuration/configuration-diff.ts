import { type RegistrySnapshot } from './configuration.constants';

/** The parts of the global configuration a registry change can alter. */
export const DIFF_SECTIONS = [
  'members',
  'services',
  'accessRights',
  'eventRights',
  'revocations',
] as const;
export type DiffSection = (typeof DIFF_SECTIONS)[number];

/**
 * One line of a readable diff: an entry of a section added, removed or changed, named by its
 * key (a member code, `CIV/registry → citizen-by-id`, …), with its content before and after.
 */
export interface DiffEntry {
  readonly section: DiffSection;
  readonly change: 'added' | 'removed' | 'changed';
  readonly key: string;
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
}

type Entry = Record<string, unknown>;
const who = (party: unknown) => {
  const { member, subsystem } = party as { member: string; subsystem: string };
  return `${member}/${subsystem}`;
};

/** How each section's entries are named; two entries with one name are the same entry. */
const KEYS: Record<DiffSection, (entry: Entry) => string> = {
  members: (m) => String(m['code']),
  services: (s) => `${String(s['code'])} v${String(s['version'])}`,
  accessRights: (r) => `${who(r['consumer'])} → ${String(r['service'])}`,
  eventRights: (r) =>
    `${who(r['subscriber'])} ← ${String(r['publisher'])}: ${String(r['eventType'])}`,
  revocations: (r) => String(r['thumbprint']),
};

/** JSON with sorted keys, so that two equal entries compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : item,
  );
}

function grouped(section: DiffSection, entries: readonly unknown[]): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  for (const entry of entries as Entry[]) {
    const key = KEYS[section](entry);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return groups;
}

/**
 * What changes between two registry parts of the global configuration (the current signed one
 * and a draft): per section, entries added, removed, or changed under the same name. Versions,
 * times and signatures are not compared: they change at every publish. Sorted by section, then
 * name, so the same two inputs always give the same lines.
 */
export function diffConfigurations(from: RegistrySnapshot, to: RegistrySnapshot): DiffEntry[] {
  const lines: DiffEntry[] = [];
  for (const section of DIFF_SECTIONS) {
    const before = grouped(section, from[section]);
    const after = grouped(section, to[section]);
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
    for (const key of keys) {
      const old = (before.get(key) ?? []).filter(
        (entry) => !(after.get(key) ?? []).some((other) => canonical(other) === canonical(entry)),
      );
      const added = (after.get(key) ?? []).filter(
        (entry) => !(before.get(key) ?? []).some((other) => canonical(other) === canonical(entry)),
      );
      if (old.length === 1 && added.length === 1) {
        lines.push({ section, change: 'changed', key, before: old[0], after: added[0] });
        continue;
      }
      for (const entry of old) {
        lines.push({ section, change: 'removed', key, before: entry, after: null });
      }
      for (const entry of added) {
        lines.push({ section, change: 'added', key, before: null, after: entry });
      }
    }
  }
  return lines;
}
