import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** The purpose of a request: procedure and legal basis (from the right), and case number. */
export interface PurposeInput {
  procedure: string;
  legalBasis: string;
  caseId: string;
}

export const emptyPurpose: PurposeInput = { procedure: '', legalBasis: '', caseId: '' };

/** The chosen procedure when the right allows it, else the right's first. */
export function effectiveProcedure(procedures: readonly string[], chosen: string): string {
  return procedures.includes(chosen) ? chosen : (procedures[0] ?? '');
}

/** A legal basis the right allows: the code a request cites and the text it stands for. */
export interface LegalBasisOption {
  readonly code: string;
  readonly citation: string;
}

/** The chosen legal basis when the right allows it for the procedure, else the first it allows. */
export function effectiveLegalBasis(bases: readonly LegalBasisOption[], chosen: string): string {
  return bases.some((basis) => basis.code === chosen) ? chosen : (bases[0]?.code ?? '');
}

export function PurposeFields(props: {
  procedures: readonly string[];
  /** For each procedure, the legal bases the right allows (signed configuration, via the catalog). */
  legalBases: Readonly<Record<string, readonly LegalBasisOption[]>>;
  value: PurposeInput;
  onChange: (value: PurposeInput) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { value, onChange } = props;
  const procedure = effectiveProcedure(props.procedures, value.procedure);
  const bases = props.legalBases[procedure] ?? [];
  const legalBasis = effectiveLegalBasis(bases, value.legalBasis);
  return (
    <fieldset className="purpose">
      <legend>{t('purpose.legend')}</legend>
      <div className="field">
        <label htmlFor={`${id}-procedure`}>{t('purpose.procedure')}</label>
        <select
          id={`${id}-procedure`}
          value={procedure}
          onChange={(event) => onChange({ ...value, procedure: event.target.value })}
        >
          {props.procedures.map((code) => (
            <option key={code} value={code}>
              {t(`procedures.${code}`, { defaultValue: code })} ({code})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-basis`}>{t('purpose.legalBasis')}</label>
        <select
          id={`${id}-basis`}
          required
          value={legalBasis}
          aria-describedby={bases.length === 0 ? `${id}-basis-none` : undefined}
          onChange={(event) => onChange({ ...value, legalBasis: event.target.value })}
        >
          {bases.map((basis) => (
            <option key={basis.code} value={basis.code}>
              {basis.citation} ({basis.code})
            </option>
          ))}
        </select>
        {bases.length === 0 ? (
          <p id={`${id}-basis-none`} className="hint">
            {t('purpose.legalBasisNone')}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-case`}>{t('purpose.caseId')}</label>
        <input
          id={`${id}-case`}
          required
          maxLength={256}
          placeholder="HS-2026-000123"
          value={value.caseId}
          onChange={(event) => onChange({ ...value, caseId: event.target.value })}
        />
      </div>
    </fieldset>
  );
}
