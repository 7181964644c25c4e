import { ageItems, ageOf, bucketOf, bucketSql, daysBetween } from './ageing.calculator';

describe('ageing calculator (账龄)', () => {
  it('puts each age in exactly one bucket, ends included: 0–30, 31–60, 61–90, over 90; negative = not yet due', () => {
    expect([-5, -1, 0, 30, 31, 60, 61, 90, 91, 400].map(bucketOf)).toEqual([
      'notDue',
      'notDue',
      'd0to30',
      'd0to30',
      'd31to60',
      'd31to60',
      'd61to90',
      'd61to90',
      'd90plus',
      'd90plus',
    ]);
  });

  it('counts calendar days, across months and leap days', () => {
    expect(daysBetween('2026-01-31', '2026-03-01')).toBe(29);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-10', '2026-12-01')).toBe(-9);
  });

  it('ages from the document date, or from the due date (the document date without one)', () => {
    const item = { docDate: '2026-10-01', dueDate: '2026-10-31' };
    expect(ageOf(item, '2026-11-15', 'document')).toBe(45);
    expect(ageOf(item, '2026-11-15', 'due')).toBe(15);
    expect(ageOf(item, '2026-10-20', 'due')).toBe(-11);
    expect(ageOf({ docDate: '2026-10-01', dueDate: null }, '2026-11-15', 'due')).toBe(45);
  });

  it('sums open amounts exactly; unmatched credits are kept apart and the total is the balance', () => {
    const t = ageItems(
      [
        { open: '100.10', docDate: '2026-11-30', dueDate: null }, // 1 day
        { open: '0.20', docDate: '2026-11-01', dueDate: null }, // 30 days
        { open: '50', docDate: '2026-10-31', dueDate: null }, // 31 days
        { open: '7.77', docDate: '2026-09-01', dueDate: null }, // 91 days
        { open: '-30.05', docDate: '2026-11-20', dueDate: null }, // an advance payment
        { open: '0', docDate: '2026-01-01', dueDate: null },
      ],
      '2026-12-01',
      'document',
    );
    expect(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.toFixed(2)]))).toEqual({
      notDue: '0.00',
      d0to30: '100.30',
      d31to60: '50.00',
      d61to90: '0.00',
      d90plus: '7.77',
      unapplied: '-30.05',
      total: '128.02',
    });
  });

  it('the SQL CASE has the same boundaries', () => {
    expect(bucketSql('a')).toBe(
      "CASE WHEN a <= -1 THEN 'notDue' WHEN a >= 0 AND a <= 30 THEN 'd0to30' WHEN a >= 31 AND a <= 60 THEN 'd31to60' WHEN a >= 61 AND a <= 90 THEN 'd61to90' WHEN a >= 91 THEN 'd90plus' END",
    );
  });
});
