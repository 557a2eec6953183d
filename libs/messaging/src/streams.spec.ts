import { provisionedUpdate, streamConfig } from './streams';

describe('provisionedUpdate', () => {
  const ns = { subjectRoot: 'lt', streamPrefix: 'LT' };
  const coded = streamConfig(ns, 'EVENTS', { replicas: 1 });

  it('never lowers the replicas nor touches the limits an operator set', () => {
    const operators = { ...coded, num_replicas: 3, max_bytes: 50 * 2 ** 30, max_age: 7e15 };
    expect(provisionedUpdate(operators, coded)).toBeUndefined();
  });

  it('raises the replicas and restores the protections', () => {
    const weakened = { ...coded, num_replicas: 1, deny_purge: false, max_age: 7e15 };
    expect(provisionedUpdate(weakened, streamConfig(ns, 'EVENTS', { replicas: 3 }))).toMatchObject({
      num_replicas: 3,
      deny_purge: true,
      max_age: 7e15,
    });
  });
});
