import { AppendBatcher } from './append-batcher';

describe('AppendBatcher', () => {
  it('writes a full batch at once and gives every caller the result', async () => {
    const writes: number[][] = [];
    const sut = new AppendBatcher(
      (items: number[]) => {
        writes.push(items);
        return Promise.resolve(items.length);
      },
      { size: 3, waitMs: 60_000 },
    );
    const results = await Promise.all([sut.add(1), sut.add(2), sut.add(3)]);
    expect(writes).toEqual([[1, 2, 3]]);
    expect(results).toEqual([3, 3, 3]);
  });

  it('writes a partial batch after the wait', async () => {
    const writes: string[][] = [];
    const sut = new AppendBatcher(
      (items: string[]) => {
        writes.push(items);
        return Promise.resolve();
      },
      { size: 100, waitMs: 5 },
    );
    await Promise.all([sut.add('a'), sut.add('b')]);
    expect(writes).toEqual([['a', 'b']]);
  });

  it('rejects every caller of a failed write and starts the next batch afresh', async () => {
    let fail = true;
    const sut = new AppendBatcher(
      (items: number[]) =>
        fail ? Promise.reject(new Error('database down')) : Promise.resolve(items),
      { size: 2, waitMs: 5 },
    );
    const failed = await Promise.allSettled([sut.add(1), sut.add(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(sut.add(3)).resolves.toEqual([3]);
  });

  it('flush with nothing queued writes nothing', async () => {
    const write = jest.fn(() => Promise.resolve());
    const sut = new AppendBatcher(write, { size: 2, waitMs: 5 });
    await sut.flush();
    expect(write).not.toHaveBeenCalled();
  });
});
