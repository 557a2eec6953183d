import { minimiseRecord } from './minimise';

describe('minimiseRecord', () => {
  const citizen = {
    personalId: '001203012345',
    fullName: 'Nguyễn Văn An',
    ethnicity: 'Kinh',
    religion: 'Không',
    permanentResidence: { provinceCode: '01', address: 'Hà Nội' },
  };

  it.each([
    [['fullName'], { personalId: '001203012345', fullName: 'Nguyễn Văn An' }],
    [
      ['fullName', 'permanentResidence'],
      {
        personalId: '001203012345',
        fullName: 'Nguyễn Văn An',
        permanentResidence: citizen.permanentResidence,
      },
    ],
    [[], { personalId: '001203012345' }],
    [['unknownField'], { personalId: '001203012345' }],
  ])('keeps only %j (and the identifier)', (fields, expected) => {
    const sut = minimiseRecord(citizen, fields, 'personalId');
    expect(sut.record).toEqual(expected);
    expect(sut.record).not.toHaveProperty('ethnicity');
    expect(sut.fields).toEqual(Object.keys(expected).sort());
  });
});
