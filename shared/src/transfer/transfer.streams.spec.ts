import { PUSH_STREAMS, splitDocumentNumber } from './transfer.streams';

describe('splitDocumentNumber (a restored store resumes each series past HQ’s highest number)', () => {
  it('splits a till receipt, a shift number and a store document into series and position', () => {
    expect(splitDocumentNumber('SALE-S001-01-20261207-0031')).toEqual({ series: 'SALE-S001-01-20261207', docType: 'SALE', middle: 'S001-01', day: '20261207', n: 31 });
    expect(splitDocumentNumber('SHIFT-S001-20261207-0002')).toMatchObject({ series: 'SHIFT-S001-20261207', middle: 'S001', n: 2 });
    expect(splitDocumentNumber('REQ-SH-01-20261207-10000')).toMatchObject({ docType: 'REQ', middle: 'SH-01', n: 10000 });
  });

  it('refuses what is not a document number', () => {
    for (const bad of ['', 'SALE-20261207-1', 'sale-S001-20261207-0001', 'SALE-S001-2026127-0001', 'SALE-S001-20261207-', 'SALE-S001-20261207-0001x'])
      expect(splitDocumentNumber(bad)).toBeNull();
  });

  it('every numbered push stream names its number field; take-back streams are the till’s documents', () => {
    expect(PUSH_STREAMS.filter((s) => s.takeBack).map((s) => s.name)).toEqual(['pos.sale', 'pos.refund', 'pos.shift-report']);
    expect(PUSH_STREAMS.filter((s) => s.takeBack).every((s) => !!s.numberField)).toBe(true);
  });
});
