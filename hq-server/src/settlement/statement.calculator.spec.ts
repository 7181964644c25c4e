import { buildStatement } from './statement.calculator';

describe('statement calculator (对账单)', () => {
  it('runs the balance from the opening balance; debits and credits add up to the closing balance', () => {
    const s = buildStatement('10.01', [{ amount: '100.10' }, { amount: '-50.05' }, { amount: '-0.01' }, { amount: '33.33' }]);
    expect(s.lines.map((l) => [l.debit.toFixed(2), l.credit.toFixed(2), l.balance.toFixed(2)])).toEqual([
      ['100.10', '0.00', '110.11'],
      ['0.00', '50.05', '60.06'],
      ['0.00', '0.01', '60.05'],
      ['33.33', '0.00', '93.38'],
    ]);
    expect([s.debitTotal, s.creditTotal, s.closing].map((d) => d.toFixed(2))).toEqual(['133.43', '50.06', '93.38']);
  });

  it('a period without documents is the opening balance carried through', () => {
    const s = buildStatement('-20', []);
    expect([s.lines.length, s.opening.toFixed(2), s.closing.toFixed(2), s.debitTotal.toFixed(2)]).toEqual([0, '-20.00', '-20.00', '0.00']);
  });
});
