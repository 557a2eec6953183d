import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** The purpose of a request: procedure (from the right), legal basis and case number. */
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

export function PurposeFields(props: {
  procedures: readonly string[];
  value: PurposeInput;
  onChange: (value: PurposeInput) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { value, onChange } = props;
  const procedure = effectiveProcedure(props.procedures, value.procedure);
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
        <input
          id={`${id}-basis`}
          required
          maxLength={256}
          placeholder={t('purpose.legalBasisExample')}
          value={value.legalBasis}
          onChange={(event) => onChange({ ...value, legalBasis: event.target.value })}
        />
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
