import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VerificationBadge, useVerdict } from '../../verify/verification-badge';

/** Loads an evidence file (a downloaded answer, or anyone's) and verifies it here. */
export function EvidenceFileCheck() {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<{ name: string; content: unknown } | undefined>();
  const verdict = useVerdict(`file:${file?.name ?? ''}`, file?.content);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('evidence.title')}</h2>
      <p>{t('evidence.lead')}</p>
      <div className="field">
        <label htmlFor={id}>{t('evidence.file')}</label>
        <input
          id={id}
          type="file"
          accept="application/json,.json"
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            if (!chosen) {
              return;
            }
            void chosen.text().then((text) => {
              let content: unknown;
              try {
                content = JSON.parse(text);
              } catch {
                content = { unreadable: true };
              }
              setFile({ name: `${chosen.name}:${Date.now()}`, content });
            });
          }}
        />
      </div>
      {file ? <VerificationBadge verdict={verdict.data} pending={verdict.isPending} /> : null}
    </section>
  );
}
