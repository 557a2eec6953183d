import { useTranslation } from 'react-i18next';
import { formatDate } from '../i18n/format';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One value of a registry record, in Vietnamese conventions where its shape is known. */
function Value(props: { field: string; value: unknown }) {
  const { t } = useTranslation();
  const { value, field } = props;
  if (value === null || value === undefined) {
    return <span className="muted">{t('values.none')}</span>;
  }
  if (typeof value === 'string') {
    if (DATE.test(value)) {
      return <>{formatDate(value)}</>;
    }
    const enumLabel = t(`values.${field}.${value}`, { defaultValue: '' });
    return <>{enumLabel || value}</>;
  }
  if (isObject(value)) {
    if (typeof value['value'] === 'string' && typeof value['precision'] === 'string') {
      return <>{formatDate(value['value'])}</>;
    }
    if (typeof value['address'] === 'string') {
      return (
        <>
          {value['address']}
          {typeof value['communeCode'] === 'string'
            ? ` (${t('values.commune', { code: value['communeCode'] })})`
            : ''}
          {typeof value['since'] === 'string'
            ? ` — ${t('values.since', { date: formatDate(value['since']) })}`
            : ''}
        </>
      );
    }
    if (typeof value['householdNo'] === 'string') {
      return (
        <>
          {t('values.household', {
            no: value['householdNo'],
            relation: t(`values.relationshipToHead.${String(value['relationshipToHead'])}`, {
              defaultValue: String(value['relationshipToHead']),
            }),
          })}
        </>
      );
    }
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return <>{String(value)}</>;
  }
  return <code className="json">{JSON.stringify(value)}</code>;
}

/** A minimised registry record as a definition list, field labels in the page's language. */
export function RecordView(props: { record: Record<string, unknown>; order?: readonly string[] }) {
  const { t } = useTranslation();
  const order = props.order ?? [];
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const entries = Object.entries(props.record).sort(([a], [b]) => rank(a) - rank(b));
  return (
    <dl className="record">
      {entries.map(([field, value]) => (
        <div key={field} className="record-row">
          <dt>{t(`fields.${field}`, { defaultValue: field })}</dt>
          <dd>
            <Value field={field} value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
