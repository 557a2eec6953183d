import { useQuery } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { auditClient } from '../../api/clients';
import { evidenceControllerEvidence } from '../../api/generated/audit';
import type { MessageEvidenceView } from '../../api/oversight-views';
import { ProblemMessage } from '../../components/problem-message';
import { formatDateTime } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import type { AuditEvidenceVerdict } from '../../verify/audit-evidence';
import { useBusRoot } from '../../verify/verification-badge';

/** The verdict of one bundle, checked here in the browser (the verifier loads on first use). */
function useBundleVerdict(key: string, bundle: unknown) {
  const root = useBusRoot();
  return useQuery({
    queryKey: ['audit-evidence-verdict', key],
    enabled: root.data !== undefined && bundle !== undefined,
    queryFn: async (): Promise<AuditEvidenceVerdict> => {
      const { verifyAuditEvidence } = await import('../../verify/audit-evidence');
      return verifyAuditEvidence(bundle, root.data as string);
    },
    staleTime: Infinity,
  });
}

/** Each check in words, passed (green), failed with its code (red) or not reached. */
function Verdict(props: { verdict: AuditEvidenceVerdict }) {
  const { t } = useTranslation('oversight');
  const { verdict } = props;
  return (
    <div data-verdict={verdict.verified ? 'verified' : 'refused'} data-code={verdict.code ?? ''}>
      <p className={`verdict ${verdict.verified ? 'ok' : 'bad'}`} role="status">
        {verdict.verified
          ? t('evidence.verified', { seq: verdict.seq, size: verdict.treeSize })
          : t('evidence.refused', { code: verdict.code })}
      </p>
      <ol className="checks">
        {verdict.checks.map((check) => (
          <li key={check.check} data-check={check.check} data-state={check.state}>
            <span
              className={`badge ${check.state === 'passed' ? 'ok' : check.state === 'failed' ? 'bad' : 'pending'}`}
            >
              {t(`evidence.states.${check.state}`)}
            </span>
            <span>
              <strong>{t(`evidence.checks.${check.check}`)}</strong>
              {check.code ? (
                <>
                  {' — '}
                  {t(check.code, { ns: 'problems', defaultValue: check.message ?? check.code })} (
                  <code>{check.code}</code>)
                </>
              ) : null}
              {check.check === 'witnesses' && check.state === 'passed' ? (
                <>
                  {' — '}
                  {verdict.cosigners.length > 0
                    ? t('evidence.cosigners', { list: verdict.cosigners.join(', ') })
                    : t('evidence.noCosigners')}
                  {verdict.rejected.length > 0
                    ? ` ${t('evidence.rejected', {
                        list: verdict.rejected.map((r) => r.code).join(', '),
                      })}`
                    : ''}
                </>
              ) : null}
              {check.check === 'checkpoint' && check.state === 'passed' ? (
                <>
                  {' — '}
                  {t('evidence.checkpointAt', {
                    size: verdict.treeSize,
                    time: formatDateTime(verdict.checkpointTime),
                  })}
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function BundleCheck(props: { id: string; bundle: unknown }) {
  const { t } = useTranslation('oversight');
  const verdict = useBundleVerdict(props.id, props.bundle);
  if (verdict.isPending) {
    return <p role="status">{t('evidence.checking')}</p>;
  }
  if (verdict.isError) {
    return <ProblemMessage error={verdict.error} />;
  }
  return <Verdict verdict={verdict.data} />;
}

function download(name: string, value: unknown): void {
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function MessageBundles(props: { messageId: string }) {
  const { t } = useTranslation('oversight');
  const evidence = useQuery({
    queryKey: ['audit-evidence', props.messageId],
    queryFn: async () =>
      (
        await evidenceControllerEvidence({
          client: auditClient,
          path: { messageId: props.messageId },
        })
      ).data as MessageEvidenceView,
  });
  if (evidence.isPending) {
    return <p role="status">{t('common.loading', { ns: 'translation' })}</p>;
  }
  if (evidence.isError) {
    return <ProblemMessage error={evidence.error} />;
  }
  return (
    <section aria-labelledby="bundles-title">
      <div className="toolbar">
        <h2 id="bundles-title">{t('evidence.bundles', { count: evidence.data.bundles.length })}</h2>
        <button
          type="button"
          className="button"
          onClick={() => download(`bang-chung-${props.messageId}.json`, evidence.data)}
        >
          {t('evidence.download')}
        </button>
      </div>
      {evidence.data.bundles.map((bundle, index) => (
        <article className="card" key={index} data-testid="bundle">
          <h3>{t('evidence.bundle', { index: index + 1 })}</h3>
          <BundleCheck id={`${props.messageId}:${index}`} bundle={bundle} />
        </article>
      ))}
    </section>
  );
}

/** A bundle file the auditor loads (any copy, possibly altered): checked the same way. */
function FileCheck() {
  const { t } = useTranslation('oversight');
  const [loaded, setLoaded] = useState<{ name: string; bundles: unknown[] } | undefined>();
  const [unreadable, setUnreadable] = useState(false);
  const read = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) {
      return;
    }
    try {
      const parsed = JSON.parse(await file.text()) as { bundles?: unknown };
      const bundles = Array.isArray(parsed.bundles) ? (parsed.bundles as unknown[]) : [parsed];
      setUnreadable(false);
      setLoaded({ name: `${file.name}:${file.lastModified}:${Date.now()}`, bundles });
    } catch {
      setUnreadable(true);
      setLoaded(undefined);
    }
  };
  return (
    <section className="card" aria-labelledby="file-check-title">
      <h2 id="file-check-title">{t('evidence.fileTitle')}</h2>
      <p>{t('evidence.fileLead')}</p>
      <div className="field">
        <label htmlFor="evidence-file">{t('evidence.file')}</label>
        <input
          id="evidence-file"
          type="file"
          accept="application/json,.json"
          onChange={(e) => void read(e)}
        />
      </div>
      {unreadable ? (
        <p className="problem" role="alert">
          {t('evidence.unreadable')}
        </p>
      ) : null}
      <div data-testid="file-verdicts">
        {loaded?.bundles.map((bundle, index) => (
          <BundleCheck
            key={`${loaded.name}:${index}`}
            id={`${loaded.name}:${index}`}
            bundle={bundle}
          />
        ))}
      </div>
    </section>
  );
}

/** Flow 3: evidence of a message checked in this browser, and any bundle file checked alike. */
export function EvidencePage() {
  const { t } = useTranslation('oversight');
  usePageTitle(t('evidence.title'));
  const { messageId } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(messageId ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim() !== '') {
      void navigate(`/audit/evidence/${typed.trim()}`);
    }
  };
  return (
    <section>
      <h1>{t('evidence.title')}</h1>
      <p className="lead">{t('evidence.lead')}</p>
      <form className="card filters" onSubmit={submit} aria-label={t('evidence.form')}>
        <div className="field">
          <label htmlFor="evidence-message">{t('lineage.keys.messageId')}</label>
          <input
            id="evidence-message"
            value={typed}
            autoComplete="off"
            onChange={(event) => setTyped(event.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t('evidence.submit')}
          </button>
        </div>
      </form>
      {messageId ? <MessageBundles key={messageId} messageId={messageId} /> : null}
      <FileCheck />
    </section>
  );
}
