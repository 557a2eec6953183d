import { RelayLoop, type RelayRoundOutcome } from './relay-loop';

/** Rounds over a backlog of `rows`, each claiming up to `batch`; counts rounds running at once. */
function backlog(rows: number, batch: number) {
  const state = { left: rows, running: 0, mostAtOnce: 0, rounds: 0 };
  const round = async (): Promise<RelayRoundOutcome> => {
    state.running++;
    state.rounds++;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
    const claimed = Math.min(batch, state.left);
    state.left -= claimed;
    await new Promise((resolve) => setTimeout(resolve, 5));
    state.running--;
    return { claimed, failed: 0 };
  };
  return { state, round };
}

describe('RelayLoop', () => {
  it('drains a backlog with `parallel` rounds at once, after one full round', async () => {
    const { state, round } = backlog(1_000, 100);
    const sut = new RelayLoop({ round, batch: 100, onError: () => undefined, parallel: 2 });
    await sut.flush();
    expect(state.left).toBe(0);
    expect(state.mostAtOnce).toBe(2);
  });

  it('runs one round when it does not come back full', async () => {
    const { state, round } = backlog(30, 100);
    const sut = new RelayLoop({ round, batch: 100, onError: () => undefined, parallel: 2 });
    await sut.flush();
    expect(state).toMatchObject({ left: 0, rounds: 1, mostAtOnce: 1 });
  });

  it('stops at a failed round and reports it, leaving the rest to the next wake', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const sut = new RelayLoop({
      round: () => {
        rounds++;
        return rounds === 1
          ? Promise.resolve({ claimed: 100, failed: 0 })
          : Promise.reject(new Error('bus down'));
      },
      batch: 100,
      onError: (error) => errors.push(error),
      parallel: 2,
    });
    await sut.flush();
    expect(rounds).toBe(3);
    expect(errors).toHaveLength(1);
  });
});
