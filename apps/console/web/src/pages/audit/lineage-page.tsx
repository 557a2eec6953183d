import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { auditClient } from '../../api/clients';
import { lineageGraphControllerGraph } from '../../api/generated/audit';
import type { LineageGraphView, LineageHopView } from '../../api/oversight-views';
import { ProblemMessage } from '../../components/problem-message';
import { formatDateTime } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import { OutcomeBadge } from './oversight-parts';

const KEYS = ['messageId', 'correlationId', 'case'] as const;
type Key = (typeof KEYS)[number];

const LANE = 230;
const MARGIN = 20;
const HEADER = 64;
const ROW = 58;

const COLOURS = {
  ok: '#125c2b',
  bad: '#8a1116',
  unknown: '#4a5563',
} as const;

function colourOf(hop: LineageHopView): string {
  if (hop.signatureCheck === 'failed' || hop.outcome !== 'accepted') {
    return COLOURS.bad;
  }
  return hop.signatureCheck === 'verified' ? COLOURS.ok : COLOURS.unknown;
}

function shortType(type: string): string {
  // urn:lienthong:<domain>:<name>:<major> → <name>
  return type.split(':')[3] ?? type;
}

/**
 * The lineage as a sequence picture: each agency system a lane, each hop an arrow between lanes
 * in time order (requests, replies, events, documents, statuses), coloured by its signature check
 * and outcome. Each hop is a button (Tab, Enter) that shows its records and evidence below.
 */
function LineageFigure(props: {
  graph: LineageGraphView;
  selected: number;
  onSelect: (index: number) => void;
}) {
  const { t } = useTranslation('oversight');
  const { nodes, hops } = props.graph;
  const x = (id: string | undefined) => {
    const index = nodes.findIndex((n) => n.id === id);
    return MARGIN + LANE / 2 + Math.max(index, 0) * LANE;
  };
  const width = MARGIN * 2 + Math.max(nodes.length, 1) * LANE;
  const height = HEADER + 24 + hops.length * ROW;
  const keyDown = (index: number) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      props.onSelect(index);
    }
  };
  return (
    <figure className="lineage-figure">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        aria-labelledby="lineage-svg-title"
        data-testid="lineage-graph"
      >
        <title id="lineage-svg-title">
          {t('lineage.figure', { nodes: nodes.length, hops: hops.length })}
        </title>
        <defs>
          {Object.entries(COLOURS).map(([name, colour]) => (
            <marker
              key={name}
              id={`arrow-${name}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill={colour} />
            </marker>
          ))}
        </defs>
        {nodes.map((node) => (
          <g key={node.id} aria-hidden="true">
            <line
              x1={x(node.id)}
              x2={x(node.id)}
              y1={HEADER}
              y2={height - 8}
              stroke="#c9ced6"
              strokeDasharray="4 4"
            />
            <rect
              x={x(node.id) - LANE / 2 + 8}
              y={8}
              width={LANE - 16}
              height={HEADER - 16}
              rx={6}
              fill="#f4f5f7"
              stroke="#6b7480"
            />
            <text x={x(node.id)} y={30} textAnchor="middle" fontWeight={700} fill="#1b1f24">
              {node.member}
            </text>
            <text x={x(node.id)} y={47} textAnchor="middle" fontSize={12} fill="#4a5563">
              {node.subsystem}
            </text>
          </g>
        ))}
        {hops.map((hop, index) => {
          const y = HEADER + 30 + index * ROW;
          const from = x(hop.from);
          const to = hop.to ? x(hop.to) : from + LANE / 2;
          const colour = colourOf(hop);
          const marker = colour === COLOURS.ok ? 'ok' : colour === COLOURS.bad ? 'bad' : 'unknown';
          const self = from === to;
          const left = Math.min(from, to) - LANE / 2 + 10;
          const span = Math.abs(to - from) + LANE - 20;
          // the visible text is the hop's whole accessible name (what a screen reader says)
          const line1 = `${index + 1}. ${t(`lineage.kinds.${hop.kind}`)}: ${hop.from} → ${
            hop.to ?? t('lineage.subscribers')
          }`;
          const line2 = `${shortType(hop.type)} · ${t(`lineage.checks.${hop.signatureCheck}`)} · ${
            hop.outcome === 'accepted' ? t('outcome.accepted') : hop.outcome
          }`;
          return (
            <g
              key={`${hop.messageId}-${index}`}
              className="hop"
              role="button"
              tabIndex={0}
              aria-pressed={props.selected === index}
              data-message-id={hop.messageId}
              onClick={() => props.onSelect(index)}
              onKeyDown={keyDown(index)}
            >
              <rect
                className="hop-hit"
                x={self ? from - LANE / 2 + 10 : left}
                y={y - 26}
                width={span}
                height={ROW - 6}
                rx={4}
                fill="transparent"
                stroke="transparent"
              />
              {self ? (
                <path
                  d={`M ${from} ${y - 6} h 36 v 14 h -34`}
                  fill="none"
                  stroke={colour}
                  strokeWidth={2}
                  markerEnd={`url(#arrow-${marker})`}
                />
              ) : (
                <line
                  x1={from}
                  x2={to}
                  y1={y}
                  y2={y}
                  stroke={colour}
                  strokeWidth={2}
                  strokeDasharray={hop.signatureCheck === 'verified' ? undefined : '6 4'}
                  markerEnd={`url(#arrow-${marker})`}
                />
              )}
              <text
                x={self ? from + 42 : (from + to) / 2}
                y={y - 8}
                textAnchor={self ? 'start' : 'middle'}
                fontSize={12}
                fill="#1b1f24"
              >
                {line1}
              </text>
              <text
                x={self ? from + 42 : (from + to) / 2}
                y={y + 16}
                textAnchor={self ? 'start' : 'middle'}
                fontSize={11}
                fill={colour}
              >
                {line2}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="small muted">{t('lineage.legend')}</figcaption>
    </figure>
  );
}

function HopDetails(props: { hop: LineageHopView; index: number }) {
  const { t } = useTranslation('oversight');
  const { hop } = props;
  return (
    <section className="card" aria-labelledby="hop-title" data-testid="hop-details">
      <h2 id="hop-title">
        {t('lineage.hopTitle', { index: props.index + 1, kind: t(`lineage.kinds.${hop.kind}`) })}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('lineage.message')}</dt>
          <dd>
            <code>{hop.messageId}</code>
          </dd>
        </div>
        <div>
          <dt>{t('record.type')}</dt>
          <dd>
            <code className="type">{hop.type}</code>
          </dd>
        </div>
        <div>
          <dt>{t('record.route')}</dt>
          <dd>
            {hop.from} → {hop.to ?? t('lineage.subscribers')}
          </dd>
        </div>
        <div>
          <dt>{t('lineage.signer')}</dt>
          <dd>{hop.signer}</dd>
        </div>
        <div>
          <dt>{t('lineage.signatureCheck')}</dt>
          <dd data-check={hop.signatureCheck}>{t(`lineage.checks.${hop.signatureCheck}`)}</dd>
        </div>
        <div>
          <dt>{t('record.outcome')}</dt>
          <dd>
            <OutcomeBadge outcome={hop.outcome} />
          </dd>
        </div>
        <div>
          <dt>{t('record.time')}</dt>
          <dd>{formatDateTime(hop.time)}</dd>
        </div>
      </dl>
      <h3>{t('lineage.records', { count: hop.records.length })}</h3>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('record.seq')}</th>
              <th scope="col">{t('lineage.recorder')}</th>
              <th scope="col">{t('record.time')}</th>
              <th scope="col">{t('record.purpose')}</th>
              <th scope="col">{t('lineage.officer')}</th>
              <th scope="col">{t('lineage.fields')}</th>
              <th scope="col">{t('record.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {hop.records.map((record) => (
              <tr key={record.recordId}>
                <td>{record.seq}</td>
                <td>
                  {record.recorder ?? '—'}
                  {record.recordedBy ? ` (${t(`lineage.recordedBy.${record.recordedBy}`)})` : ''}
                </td>
                <td>{formatDateTime(record.loggedAt)}</td>
                <td>
                  {record.purpose
                    ? `${record.purpose.procedure} · ${record.purpose.caseId} · ${record.purpose.legalBasis}`
                    : '—'}
                </td>
                <td>{record.officer ?? '—'}</td>
                <td>{record.fields?.join(', ') ?? '—'}</td>
                <td>
                  <OutcomeBadge outcome={record.outcome} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <Link className="button" to={`/audit/evidence/${hop.messageId}`}>
          {t('lineage.checkEvidence')}
        </Link>
      </p>
    </section>
  );
}

function LineageResult(props: { asked: Key; value: string }) {
  const { t } = useTranslation('oversight');
  const graph = useQuery({
    queryKey: ['lineage-graph', props.asked, props.value],
    queryFn: async () =>
      (
        await lineageGraphControllerGraph({
          client: auditClient,
          query: { [props.asked]: props.value },
        })
      ).data as LineageGraphView,
  });
  const [chosen, setChosen] = useState<number | undefined>();
  if (graph.isPending) {
    return <p role="status">{t('common.loading', { ns: 'translation' })}</p>;
  }
  if (graph.isError) {
    return <ProblemMessage error={graph.error} />;
  }
  const { hops } = graph.data;
  const start = Math.max(
    hops.findIndex((h) => h.messageId === graph.data.of.messageId),
    0,
  );
  const selected = chosen ?? start;
  const hop = hops[selected];
  return (
    <>
      <p role="status">
        {t('lineage.summary', {
          nodes: graph.data.nodes.length,
          hops: hops.length,
          records: graph.data.records,
        })}
        {graph.data.truncated ? ` ${t('lineage.truncated')}` : ''}
      </p>
      <LineageFigure graph={graph.data} selected={selected} onSelect={setChosen} />
      {hop ? <HopDetails hop={hop} index={selected} /> : null}
    </>
  );
}

/** Flow 2: the lineage of a message, a conversation (or dossier) or a case, as a picture. */
export function LineagePage() {
  const { t } = useTranslation('oversight');
  usePageTitle(t('lineage.title'));
  const [params, setParams] = useSearchParams();
  const asked = KEYS.find((k) => params.get(k));
  const [key, setKey] = useState<Key>(asked ?? 'messageId');
  const [value, setValue] = useState(asked ? (params.get(asked) ?? '') : '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() !== '') {
      setParams({ [key]: value.trim() });
    }
  };
  return (
    <section>
      <h1>{t('lineage.title')}</h1>
      <p className="lead">{t('lineage.lead')}</p>
      <form className="card filters" onSubmit={submit} aria-label={t('lineage.form')}>
        <div className="field">
          <label htmlFor="lineage-key">{t('lineage.of')}</label>
          <select
            id="lineage-key"
            value={key}
            onChange={(event) => setKey(event.target.value as Key)}
          >
            {KEYS.map((k) => (
              <option key={k} value={k}>
                {t(`lineage.keys.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="lineage-value">{t('lineage.value')}</label>
          <input
            id="lineage-value"
            value={value}
            autoComplete="off"
            onChange={(event) => setValue(event.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t('lineage.submit')}
          </button>
        </div>
      </form>
      {asked ? (
        <LineageResult
          key={`${asked}:${params.get(asked) ?? ''}`}
          asked={asked}
          value={params.get(asked) ?? ''}
        />
      ) : null}
    </section>
  );
}
