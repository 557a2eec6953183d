import { useTranslation } from 'react-i18next';
import { ProblemError } from '../api/problem';

/**
 * A failed call in words: the human message of its code in the page's language, the code itself
 * (which support and docs/errors.md know), and the service when one could not be reached.
 */
export function ProblemMessage(props: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  const problem =
    props.error instanceof ProblemError
      ? props.error
      : new ProblemError('INTERNAL_ERROR', 0, String(props.error));
  const message = t(problem.code, { ns: 'problems', defaultValue: t('problems.unknown') });
  return (
    <div className="problem" role="alert">
      {props.title ? <p className="problem-title">{props.title}</p> : null}
      <p>
        {problem.upstream
          ? t('problems.serviceNamed', {
              service: t(`services.${problem.upstream}`, problem.upstream),
            })
          : null}
        {message}
      </p>
      <p className="problem-code">
        {t('problems.code')} <code>{problem.code}</code>
      </p>
    </div>
  );
}
