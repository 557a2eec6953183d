import { BIRTH_STEPS, DEATH_STEPS, stepPlanOf } from './deadlines';

describe('stepPlanOf', () => {
  it('finds the plan of each step of both groups, and none for an unknown step', () => {
    expect(BIRTH_STEPS.map((p) => stepPlanOf('BIRTH', p.step))).toEqual(BIRTH_STEPS);
    expect(Object.keys(DEATH_STEPS).map((step) => stepPlanOf('DEATH', step))).toEqual(
      Object.values(DEATH_STEPS),
    );
    expect(stepPlanOf('BIRTH', 'RESIDENCE_REMOVAL')).toBeUndefined();
    expect(stepPlanOf('DEATH', 'PERSONAL_ID')).toBeUndefined();
  });
});
