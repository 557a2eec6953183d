import type { TFunction } from 'i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { trustClient } from '../../api/clients';
import {
  accessRightsControllerList,
  configurationChangesControllerHistory,
  configurationChangesControllerPreview,
  configurationChangesControllerPublish,
  eventRightsControllerList,
  membersControllerList,
  servicesControllerList,
} from '../../api/generated/trust';
import { ProblemMessage } from '../../components/problem-message';
import { formatDateTime } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import { ConfigurationDiff, type DiffLine } from './configuration-diff-view';
import type { DraftChange } from './draft-change';
import { GrantAccessRightForm, GrantEventRightForm } from './rights-forms';

const HISTORY_KEY = ['trust', 'configuration-changes'] as const;

function useRightsData() {
  const client = { client: trustClient, throwOnError: true } as const;
  return {
    members: useQuery({
      queryKey: ['trust', 'members'],
      queryFn: async () => (await membersControllerList(client)).data,
    }),
    services: useQuery({
      queryKey: ['trust', 'services'],
      queryFn: async () => (await servicesControllerList(client)).data,
    }),
    accessRights: useQuery({
      queryKey: ['trust', 'access-rights'],
      queryFn: async () => (await accessRightsControllerList(client)).data,
    }),
    eventRights: useQuery({
      queryKey: ['trust', 'event-rights'],
      queryFn: async () => (await eventRightsControllerList(client)).data,
    }),
    history: useQuery({
      queryKey: HISTORY_KEY,
      queryFn: async () => (await configurationChangesControllerHistory(client)).data,
    }),
  };
}

function describeChange(change: DraftChange, t: TFunction) {
  switch (change.kind) {
    case 'grantAccessRight':
      return t('operator.rights.draftGrantAccess', {
        consumer: `${change.consumer.member}/${change.consumer.subsystem}`,
        service: change.service,
        purposes: change.purposes.join(', '),
        fields: change.fields.join(', ') || '—',
      });
    case 'withdrawAccessRight':
      return t('operator.rights.draftWithdrawAccess', { id: change.id.slice(0, 8) });
    case 'grantEventRight':
      return t('operator.rights.draftGrantEvent', {
        subscriber: `${change.subscriber.member}/${change.subscriber.subsystem}`,
        publisher: change.publisher,
        eventType: change.eventType,
      });
    case 'withdrawEventRight':
      return t('operator.rights.draftWithdrawEvent', { id: change.id.slice(0, 8) });
  }
}

/**
 * Item 7 of issue 13: access rights (consumer × service × purposes × fields) and event rights
 * edited as a draft of changes; the trust service previews the draft as a readable diff of the
 * signed global configuration; publishing applies it as one, signs a configuration at once and
 * keeps who published what, when and why.
 */
export function RightsPage() {
  const { t } = useTranslation();
  usePageTitle(t('operator.rights.title'));
  const queryClient = useQueryClient();
  const data = useRightsData();
  const [draft, setDraft] = useState<DraftChange[]>([]);
  const [summary, setSummary] = useState('');
  const [previewed, setPreviewed] = useState<DraftChange[] | undefined>();
  const preview = useMutation({
    mutationFn: async (changes: DraftChange[]) =>
      (
        await configurationChangesControllerPreview({
          client: trustClient,
          throwOnError: true,
          body: { changes },
        })
      ).data,
    onSuccess: (_data, changes) => setPreviewed(changes),
  });
  const publish = useMutation({
    mutationFn: async () =>
      (
        await configurationChangesControllerPublish({
          client: trustClient,
          throwOnError: true,
          body: { changes: draft, summary: summary.trim() },
        })
      ).data,
    onSuccess: async () => {
      setDraft([]);
      setSummary('');
      setPreviewed(undefined);
      preview.reset();
      await queryClient.invalidateQueries({ queryKey: ['trust'] });
    },
  });
  const change = (next: DraftChange[]) => {
    setDraft(next);
    setPreviewed(undefined);
    preview.reset();
    publish.reset();
  };
  const add = (item: DraftChange) => change([...draft, item]);
  const withdrawn = (kind: DraftChange['kind'], id: string) =>
    draft.some((item) => item.kind === kind && 'id' in item && item.id === id);
  const submitPublish = (event: FormEvent) => {
    event.preventDefault();
    if (summary.trim() && previewed === draft) {
      publish.mutate();
    }
  };
  const failed = [data.members, data.services, data.accessRights, data.eventRights].find(
    (query) => query.isError,
  );
  if (failed) {
    return (
      <section>
        <h1>{t('operator.rights.title')}</h1>
        <ProblemMessage error={failed.error} />
      </section>
    );
  }
  if (
    !data.members.data ||
    !data.services.data ||
    !data.accessRights.data ||
    !data.eventRights.data
  ) {
    return (
      <section>
        <h1>{t('operator.rights.title')}</h1>
        <p role="status">{t('common.loading')}</p>
      </section>
    );
  }
  return (
    <section>
      <h1>{t('operator.rights.title')}</h1>
      <p className="lead">{t('operator.rights.lead')}</p>

      <section className="card" aria-labelledby="access-rights-title">
        <h2 id="access-rights-title">{t('operator.rights.accessTitle')}</h2>
        <table className="data-table" data-testid="access-rights">
          <thead>
            <tr>
              <th scope="col">{t('operator.rights.consumer')}</th>
              <th scope="col">{t('operator.rights.service')}</th>
              <th scope="col">{t('operator.rights.purposes')}</th>
              <th scope="col">{t('operator.rights.fields')}</th>
              <th scope="col">{t('operator.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.accessRights.data.map((right) => {
              const label = `${right.consumer.member}/${right.consumer.subsystem} → ${right.service}`;
              return (
                <tr key={right.id}>
                  <td>{`${right.consumer.member}/${right.consumer.subsystem}`}</td>
                  <td>{right.service}</td>
                  <td>{right.purposes.join(', ')}</td>
                  <td className="small">{right.fields.join(', ') || '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      disabled={withdrawn('withdrawAccessRight', right.id)}
                      aria-label={t('operator.rights.withdrawLabel', { right: label })}
                      onClick={() => add({ kind: 'withdrawAccessRight', id: right.id })}
                    >
                      {t('operator.rights.withdraw')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <GrantAccessRightForm
          members={data.members.data}
          services={data.services.data}
          onAdd={add}
        />
      </section>

      <section className="card" aria-labelledby="event-rights-title">
        <h2 id="event-rights-title">{t('operator.rights.eventTitle')}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('operator.rights.subscriber')}</th>
              <th scope="col">{t('operator.rights.publisher')}</th>
              <th scope="col">{t('operator.rights.eventType')}</th>
              <th scope="col">{t('operator.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.eventRights.data.map((right) => {
              const label = `${right.subscriber.member}/${right.subscriber.subsystem} ← ${right.publisher}: ${right.eventType}`;
              return (
                <tr key={right.id}>
                  <td>{`${right.subscriber.member}/${right.subscriber.subsystem}`}</td>
                  <td>{right.publisher}</td>
                  <td>{right.eventType}</td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      disabled={withdrawn('withdrawEventRight', right.id)}
                      aria-label={t('operator.rights.withdrawLabel', { right: label })}
                      onClick={() => add({ kind: 'withdrawEventRight', id: right.id })}
                    >
                      {t('operator.rights.withdraw')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <GrantEventRightForm members={data.members.data} onAdd={add} />
      </section>

      <section className="card" aria-labelledby="draft-title">
        <h2 id="draft-title">{t('operator.rights.draftTitle', { count: draft.length })}</h2>
        {draft.length === 0 ? <p>{t('operator.rights.draftEmpty')}</p> : null}
        <ol className="plain-list" data-testid="draft">
          {draft.map((item, index) => (
            <li key={index}>
              {describeChange(item, t)}{' '}
              <button
                type="button"
                className="button"
                onClick={() => change(draft.filter((_, other) => other !== index))}
              >
                {t('operator.rights.draftRemove')}
              </button>
            </li>
          ))}
        </ol>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={draft.length === 0 || preview.isPending}
            onClick={() => preview.mutate(draft)}
          >
            {t('operator.rights.preview')}
          </button>
        </div>
        {preview.isError ? <ProblemMessage error={preview.error} /> : null}
        {preview.data && previewed === draft ? (
          <>
            <h3>
              {t('operator.rights.previewTitle', {
                version: preview.data.base.version,
                time: formatDateTime(preview.data.base.issuedAt),
              })}
            </h3>
            <ConfigurationDiff lines={preview.data.diff} testId="preview-diff" />
            <form className="form" onSubmit={submitPublish}>
              <div className="field">
                <label htmlFor="publish-summary">{t('operator.rights.summary')}</label>
                <textarea
                  id="publish-summary"
                  required
                  maxLength={512}
                  rows={2}
                  value={summary}
                  onChange={(event) => setSummary(event.target.value)}
                />
              </div>
              <button type="submit" className="button primary" disabled={publish.isPending}>
                {t('operator.rights.publish')}
              </button>
            </form>
          </>
        ) : null}
        {publish.isError ? <ProblemMessage error={publish.error} /> : null}
        {publish.data ? (
          <p className="summary" role="status">
            {t('operator.rights.published', { version: publish.data.version ?? '—' })}
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('operator.rights.historyTitle')}</h2>
        {data.history.isError ? <ProblemMessage error={data.history.error} /> : null}
        {data.history.data?.length === 0 ? <p>{t('operator.rights.historyEmpty')}</p> : null}
        <ol className="plain-list" data-testid="history">
          {(data.history.data ?? []).map((entry) => (
            <li key={entry.id} className="history-entry">
              <p>
                {t('operator.rights.historyLine', {
                  time: formatDateTime(entry.publishedAt),
                  by: entry.publishedBy,
                  version: entry.version ?? '—',
                })}
              </p>
              <p>“{entry.summary}”</p>
              <ConfigurationDiff lines={entry.diff as DiffLine[]} />
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}
