import { GroupCommit } from './group-commit';

/** A commit function whose calls are recorded and settled by the test. */
function controlledCommit() {
  const calls: { items: number[]; settle: (error?: Error) => void }[] = [];
  const commit = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ items, settle: (error) => (error ? reject(error) : resolve()) });
    });
  return { calls, commit };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('commits the items of one turn together and settles each caller after the commit', async () => {
    const { calls, commit } = controlledCommit();
    const sut = new GroupCommit(commit, { maxItems: 100 });
    const settled: number[] = [];
    const adds = [1, 2, 3].map((n) => sut.add(n).then(() => settled.push(n)));
    await nextTurn();
    expect(calls.map((c) => c.items)).toEqual([[1, 2, 3]]);
    expect(settled).toEqual([]);
    calls[0].settle();
    await Promise.all(adds);
    expect(settled).toEqual([1, 2, 3]);
  });

  it('gathers what arrives during a commit into the next one, started as soon as it ends', async () => {
    const { calls, commit } = controlledCommit();
    const sut = new GroupCommit(commit, { maxItems: 100 });
    const first = sut.add(1);
    await nextTurn();
    const later = [2, 3, 4].map((n) => sut.add(n));
    await nextTurn();
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    calls[0].settle();
    await first;
    await nextTurn();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    calls[1].settle();
    await Promise.all(later);
  });

  it('gives every caller of a commit its result', async () => {
    const sut = new GroupCommit((items: string[]) => Promise.resolve(items.length), {
      maxItems: 100,
    });
    await expect(Promise.all([sut.add('a'), sut.add('b'), sut.add('c')])).resolves.toEqual([
      3, 3, 3,
    ]);
  });

  it('takes at most maxItems per commit', async () => {
    const { calls, commit } = controlledCommit();
    const sut = new GroupCommit(commit, { maxItems: 2 });
    const adds = [1, 2, 3, 4, 5].map((n) => sut.add(n));
    await nextTurn();
    for (let i = 0; i < 3; i++) {
      calls[i].settle();
      await nextTurn();
    }
    await Promise.all(adds);
    expect(calls.map((c) => c.items)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects the callers of a failed commit only, and goes on with the next', async () => {
    const { calls, commit } = controlledCommit();
    const sut = new GroupCommit(commit, { maxItems: 100 });
    const failing = [sut.add(1), sut.add(2)];
    await nextTurn();
    const next = sut.add(3);
    calls[0].settle(new Error('stream unavailable'));
    await expect(Promise.all(failing)).rejects.toThrow('stream unavailable');
    await nextTurn();
    expect(calls[1].items).toEqual([3]);
    calls[1].settle();
    await expect(next).resolves.toBeUndefined();
  });
});
