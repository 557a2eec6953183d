import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { auditClient } from '../../api/clients';
import { recordsControllerSearch } from '../../api/generated/audit';
import type { LoggedRecordView, RecordPageView } from '../../api/oversight-views';
import { ProblemMessage } from '../../components/problem-message';
import { formatDateTime } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import { OutcomeBadge, partyText } from './oversight-parts';

/** The search's filters, as the audit service names them (GET /v1/records). */
export const FILTERS = [
  'subject',
  'agency',
  'service',
  'procedure',
  'case',
  'outcome',
  'from',
  'to',
] as const;
type Filter = (typeof FILTERS)[number];

const PAGE_SIZES = ['10', '25', '50', '100'] as const;

/** A `datetime-local` value (Vietnam time) as RFC 3339 with its offset, as the service wants. */
function instant(local: string): string {
  return local === '' ? '' : `${local.length === 16 ? `${local}:00` : local}+07:00`;
}

function queryOf(filters: Partial<Record<Filter, string>>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of FILTERS) {
    const value = filters[name]?.trim() ?? '';
    if (value !== '') {
      query[name] = name === 'from' || name === 'to' ? instant(value) : value;
    }
  }
  return query;
}

function SearchResults(props: { query: Record<string, string>; pageSize: string }) {
  const { t } = useTranslation('oversight');
  // the cursors of the pages seen so far: back goes to the previous one
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useQuery({
    queryKey: ['audit-records', props.query, props.pageSize, cursor],
    queryFn: async () =>
      (
        await recordsControllerSearch({
          client: auditClient,
          query: { ...props.query, limit: props.pageSize, ...(cursor ? { cursor } : {}) },
        })
      ).data as RecordPageView,
  });
  const csv = `/api/upstream/AUDIT/v1/records/export.csv?${new URLSearchParams(props.query).toString()}`;
  return (
    <section aria-labelledby="results-title">
      <div className="toolbar">
        <h2 id="results-title">{t('search.results')}</h2>
        <a className="button" href={csv} download>
          {t('search.export')}
        </a>
      </div>
      {page.isPending ? <p role="status">{t('common.loading', { ns: 'translation' })}</p> : null}
      {page.isError ? <ProblemMessage error={page.error} /> : null}
      {page.data ? (
        <>
          <p className="small muted" role="status">
            {t('search.pageOf', { page: cursors.length + 1, count: page.data.records.length })}
          </p>
          {page.data.records.length === 0 ? <p>{t('search.none')}</p> : null}
          <div className="table-wrap">
            <table className="data" data-testid="records">
              <thead>
                <tr>
                  <th scope="col">{t('record.seq')}</th>
                  <th scope="col">{t('record.time')}</th>
                  <th scope="col">{t('record.type')}</th>
                  <th scope="col">{t('record.route')}</th>
                  <th scope="col">{t('record.purpose')}</th>
                  <th scope="col">{t('record.outcome')}</th>
                  <th scope="col">{t('record.open')}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.records.map((row) => (
                  <RecordRow key={row.seq} row={row} />
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <button
              type="button"
              className="button"
              disabled={cursors.length === 0}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              {t('search.previous')}
            </button>
            <button
              type="button"
              className="button"
              disabled={!page.data.nextCursor}
              onClick={() => page.data.nextCursor && setCursors([...cursors, page.data.nextCursor])}
            >
              {t('search.next')}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}

function RecordRow(props: { row: LoggedRecordView }) {
  const { t } = useTranslation('oversight');
  const { record } = props.row;
  return (
    <tr>
      <td>{props.row.seq}</td>
      <td>{formatDateTime(record.time)}</td>
      <td>
        <code className="type">{record.type.replace(/^urn:lienthong:/, '')}</code>
      </td>
      <td>
        {partyText(record.sender)} → {record.recipient ? partyText(record.recipient) : '—'}
      </td>
      <td>
        {record.purpose ? (
          <>
            {record.purpose.procedure} · {record.purpose.caseId}
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        <OutcomeBadge outcome={record.outcome} />
      </td>
      <td className="links">
        <Link
          to={`/audit/lineage?messageId=${record.messageId}`}
          aria-label={t('search.lineageOf', { seq: props.row.seq })}
        >
          {t('search.lineage')}
        </Link>{' '}
        <Link
          to={`/audit/evidence/${record.messageId}`}
          aria-label={t('search.evidenceOf', { seq: props.row.seq })}
        >
          {t('search.evidence')}
        </Link>
      </td>
    </tr>
  );
}

/** Flow 1: the auditor's search of the log, paged, with its CSV export. */
export function SearchPage() {
  const { t } = useTranslation('oversight');
  usePageTitle(t('search.title'));
  const [params, setParams] = useSearchParams();
  const asked = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<
    Filter,
    string
  >;
  const [typed, setTyped] = useState(asked);
  const askedSize = params.get('size') ?? '25';
  const pageSize = (PAGE_SIZES as readonly string[]).includes(askedSize) ? askedSize : '25';
  const [size, setSize] = useState(pageSize);
  const submitted = params.has('q');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams({ q: '1', size });
    for (const name of FILTERS) {
      if (typed[name].trim() !== '') {
        next.set(name, typed[name].trim());
      }
    }
    setParams(next);
  };
  const field = (name: Filter, type = 'text', extra: Record<string, string> = {}) => (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{t(`search.filters.${name}`)}</label>
      <input
        id={`filter-${name}`}
        name={name}
        type={type}
        value={typed[name]}
        onChange={(event) => setTyped({ ...typed, [name]: event.target.value })}
        {...extra}
      />
    </div>
  );
  return (
    <section>
      <h1>{t('search.title')}</h1>
      <p className="lead">{t('search.lead')}</p>
      <form className="card filters" onSubmit={submit} aria-label={t('search.form')}>
        {field('subject', 'text', { inputMode: 'numeric', autoComplete: 'off' })}
        {field('agency', 'text', { placeholder: 'POP' })}
        {field('service', 'text', { placeholder: 'citizen-by-id' })}
        {field('procedure')}
        {field('case')}
        <div className="field">
          <label htmlFor="filter-outcome">{t('search.filters.outcome')}</label>
          <input
            id="filter-outcome"
            name="outcome"
            list="outcomes"
            value={typed.outcome}
            onChange={(event) => setTyped({ ...typed, outcome: event.target.value })}
          />
          <datalist id="outcomes">
            <option value="accepted" />
            <option value="refused" />
          </datalist>
        </div>
        {field('from', 'datetime-local')}
        {field('to', 'datetime-local')}
        <div className="field">
          <label htmlFor="filter-size">{t('search.pageSize')}</label>
          <select id="filter-size" value={size} onChange={(event) => setSize(event.target.value)}>
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t('search.submit')}
          </button>
        </div>
      </form>
      {submitted ? (
        <SearchResults key={params.toString()} query={queryOf(asked)} pageSize={pageSize} />
      ) : null}
    </section>
  );
}
