import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { compileFlatValidator, type DomainException, PUSH_MAX_RECORDS } from '@chain-erp/shared';
import { StoreEventBody } from './store-event-log.handler';
import { PushRecordDto } from './transfer-api.dto';
import { parsePush } from './transfer-api.service';

const record = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  stream: 'store.event-log',
  body: { occurredAt: '2026-12-05T08:00:00.000Z', level: 'info', kind: 'a.b', message: 'm' },
  ...over,
});
const refusal = (body: unknown) => {
  try {
    parsePush(body);
  } catch (e) {
    return e as DomainException;
  }
  throw new Error('accepted');
};

describe('parsePush: a push body against PushRequestDto’s rules', () => {
  it('takes a valid push as it is (no copy), up to PUSH_MAX_RECORDS records', () => {
    const body = { records: Array.from({ length: PUSH_MAX_RECORDS }, () => record()) };
    expect(parsePush(body)).toBe(body);
  });

  it('refuses what the pipe refused, with VALIDATION_FAILED and the fields at fault', () => {
    expect(refusal({ records: [record({ id: 'nope' })] })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'records.0.id' })] });
    expect(refusal({ records: [record({ stream: 'Bad Stream' })] }).fields).toEqual([expect.objectContaining({ field: 'records.0.stream' })]);
    expect(refusal({ records: [record({ body: [] })] }).fields).toEqual([expect.objectContaining({ field: 'records.0.body' })]);
    expect(refusal({ records: [record({ extra: 1 })] }).fields).toEqual([expect.objectContaining({ field: 'records.0.extra' })]);
    expect(refusal({ records: [] }).fields).toEqual([expect.objectContaining({ field: 'records' })]);
    expect(refusal({ records: Array.from({ length: PUSH_MAX_RECORDS + 1 }, () => record()) }).fields).toEqual([expect.objectContaining({ field: 'records' })]);
    expect(refusal({ records: [record()], cursor: 5 }).fields).toEqual([expect.objectContaining({ field: 'cursor' })]);
    for (const body of [{ records: 'x' }, null, [record()], 'records']) expect(refusal(body)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('has compiled checks for the push envelope and the 门店日志 body (the hot path never runs class-validator)', () => {
    expect(compileFlatValidator(PushRecordDto)).not.toBeNull();
    const check = compileFlatValidator(StoreEventBody)!;
    expect(check(record().body)).toBe(true);
    expect(check({ ...record().body, level: 'fatal' })).toBe(false);
  });
});
