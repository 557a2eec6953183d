export { AppError, isAppError, type LogLevel } from './app-error';
export {
  defineErrorArea,
  registerErrorCode,
  registeredErrorCodes,
  type ErrorCodeSpec,
} from './coded-error';
export { CommonError, CommonErrorCode, InternalError } from './common.errors';
export {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  toAppError,
  toProblem,
  type ProblemDetails,
} from './problem';
export { ProblemFilter, observeProblems } from './problem.filter';
