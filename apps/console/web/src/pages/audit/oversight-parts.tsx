import { useTranslation } from 'react-i18next';
import type { AuditOutcome, AuditParty } from '../../api/oversight-views';
import './oversight.css';

/** `MEMBER/subsystem`. */
export function partyText(party: AuditParty): string {
  return `${party.member}/${party.subsystem}`;
}

/** Accepted (green) or refused with its code (red), in words and colour. */
export function OutcomeBadge(props: { outcome: AuditOutcome | string }) {
  const { t } = useTranslation('oversight');
  const outcome = props.outcome;
  const code =
    typeof outcome === 'string'
      ? outcome === 'accepted'
        ? undefined
        : outcome
      : outcome.status === 'refused'
        ? outcome.code
        : undefined;
  if (code === undefined) {
    return <span className="badge ok">{t('outcome.accepted')}</span>;
  }
  return (
    <span className="badge bad">
      {t('outcome.refused')} <code>{code}</code>
    </span>
  );
}
