import { InvalidArgumentError } from 'commander';
import { replayStart } from './events';

describe('replayStart', () => {
  it('takes a stream sequence or an ISO time', () => {
    expect(replayStart({ fromSeq: '42' })).toEqual({ seq: 42 });
    expect(replayStart({ fromTime: '2026-12-01T00:00:00Z' })).toEqual({
      time: new Date('2026-12-01T00:00:00Z'),
    });
  });

  it('refuses neither, both, and values that are not one', () => {
    for (const options of [{}, { fromSeq: '1', fromTime: '2026-12-01T00:00:00Z' }]) {
      expect(() => replayStart(options)).toThrow(
        expect.objectContaining({ code: 'EVENTS_REPLAY_START_INVALID' }),
      );
    }
    for (const options of [{ fromSeq: '0' }, { fromSeq: '1.5' }, { fromTime: 'yesterday' }]) {
      expect(() => replayStart(options)).toThrow(InvalidArgumentError);
    }
  });
});
