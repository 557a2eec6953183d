import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdentifierCheck } from './identifier';

/**
 * A text field for an identifier, checked as it is typed: the result is announced politely to
 * screen readers and tied to the field (aria-describedby, aria-invalid).
 */
export function IdentifierInput(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  check: (value: string) => IdentifierCheck;
  name: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const result = props.check(props.value);
  const invalid = result.state === 'invalid';
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        inputMode="numeric"
        autoComplete="off"
        className="identifier"
        value={props.value}
        required={props.required}
        aria-invalid={invalid}
        aria-describedby={`${id}-check`}
        onChange={(event) => props.onChange(event.target.value.trim())}
      />
      <p
        id={`${id}-check`}
        className={`hint ${result.state}`}
        aria-live="polite"
        data-state={result.state}
      >
        {result.message
          ? t(result.message, {
              ...result.params,
              sex: result.params?.['sex']
                ? t(`values.sex.${String(result.params['sex'])}`)
                : undefined,
            })
          : ' '}
      </p>
    </div>
  );
}
