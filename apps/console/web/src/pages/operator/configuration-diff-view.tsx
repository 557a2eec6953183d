import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';

/** One line of the trust service's readable diff (configuration-diff.ts). */
export interface DiffLine {
  readonly section: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly key: string;
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
}

/** A value of the configuration in words: lists comma-separated, a party as member/subsystem. */
function plain(value: unknown): string {
  if (Array.isArray(value)) {
    return value.map(plain).join(', ') || '—';
  }
  if (value !== null && typeof value === 'object') {
    const party = value as { member?: unknown; subsystem?: unknown };
    if (typeof party.member === 'string' && typeof party.subsystem === 'string') {
      return `${party.member}/${party.subsystem}`;
    }
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${key}: ${plain(item)}`)
      .join('; ');
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return formatDateTime(value);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return '—';
}

const SIGN = { added: '+', removed: '−', changed: '~' } as const;

/** What an entry holds, or for a changed one only what differs (before → after). */
function details(line: DiffLine): { name: string; text: string }[] {
  const before = line.before ?? {};
  const after = line.after ?? {};
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const shown =
    line.change === 'changed'
      ? names.filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]))
      : names;
  return shown
    .filter((name) => name !== 'pem' && name !== 'certificates')
    .map((name) => ({
      name,
      text:
        line.change === 'changed'
          ? `${plain(before[name])} → ${plain(after[name])}`
          : plain(line.change === 'added' ? after[name] : before[name]),
    }));
}

/**
 * A diff of the signed global configuration as people read it: each entry added (+), removed
 * (−) or changed (~), its section and name, and its content (for a change, only what differs).
 */
export function ConfigurationDiff(props: { lines: readonly DiffLine[]; testId?: string }) {
  const { t } = useTranslation();
  if (props.lines.length === 0) {
    return <p data-testid={props.testId}>{t('operator.rights.noDifference')}</p>;
  }
  return (
    <ul className="diff" data-testid={props.testId}>
      {props.lines.map((line, index) => (
        <li key={`${line.section}-${line.key}-${index}`} className={`diff-${line.change}`}>
          <span aria-hidden="true" className="diff-sign">
            {SIGN[line.change]}
          </span>{' '}
          <span className="visually-hidden">{t(`operator.rights.change.${line.change}`)}: </span>
          <strong>{t(`operator.rights.section.${line.section}`)}</strong> <code>{line.key}</code>
          <dl className="diff-details">
            {details(line).map((item) => (
              <div key={item.name}>
                <dt>{t(`operator.rights.property.${item.name}`, { defaultValue: item.name })}</dt>
                <dd>{item.text}</dd>
              </div>
            ))}
          </dl>
        </li>
      ))}
    </ul>
  );
}
