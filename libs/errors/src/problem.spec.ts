import {
  CommonError,
  InternalError,
  defineErrorArea,
  registeredErrorCodes,
  toProblem,
} from '@lienthong/errors';

const DemoErrorCode = {
  DEMO_BROKEN: { httpStatus: 422, retryable: false, title: 'Demo is broken' },
  DEMO_BUSY: { httpStatus: 503, retryable: true, title: 'Demo is busy' },
} as const;
class DemoError extends defineErrorArea('DemoError', DemoErrorCode) {}

describe('toProblem', () => {
  it('maps a coded error to RFC 9457 with its stable code, status and details', () => {
    const sut = toProblem(
      new DemoError('DEMO_BROKEN', 'field x is wrong', { details: { field: 'x' } }),
      '/v1/x',
    );
    expect(sut).toEqual({
      type: 'urn:lienthong:problem:DEMO_BROKEN',
      title: 'Demo is broken',
      status: 422,
      detail: 'field x is wrong',
      code: 'DEMO_BROKEN',
      field: 'x',
      instance: '/v1/x',
    });
  });

  it('hides the message of unknown errors behind INTERNAL_ERROR and an errorId', () => {
    const sut = toProblem(new Error('password=hunter2 at db.ts:12'));
    expect(sut.code).toBe('INTERNAL_ERROR');
    expect(sut.status).toBe(500);
    expect(JSON.stringify(sut)).not.toContain('hunter2');
    expect(sut.errorId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the errorId of an InternalError so logs and replies agree', () => {
    const error = new InternalError(new Error('boom'), 'id-1');
    expect(toProblem(error).errorId).toBe('id-1');
  });
});

describe('defineErrorArea', () => {
  it('derives retryability, name and log level from the code table', () => {
    const busy = new DemoError('DEMO_BUSY', 'try later', { cause: new Error('root') });
    expect(busy.retryable).toBe(true);
    expect(busy.name).toBe('DemoError');
    expect(busy.logLevel).toBe('warn');
    expect(busy.cause).toBeInstanceOf(Error);
    expect(new CommonError('REQUEST_INVALID', 'bad').retryable).toBe(false);
  });

  it('refuses a code declared by two areas and codes without an area prefix', () => {
    expect(() =>
      defineErrorArea('OtherError', {
        DEMO_BROKEN: { httpStatus: 400, retryable: false, title: 'x' },
      }),
    ).toThrow(/declared by both/);
    expect(() =>
      defineErrorArea('BadError', { broken: { httpStatus: 400, retryable: false, title: 'x' } }),
    ).toThrow(/UPPER_SNAKE/);
    expect(registeredErrorCodes().get('DEMO_BUSY')?.area).toBe('DemoError');
  });
});
