import type { EntityManager } from 'typeorm';
import { createOnce } from './idempotent-create';
import { RequestContext } from './request-context';

const uniqueViolation = (constraint: string) => Object.assign(new Error('duplicate key'), { driverError: { code: '23505', constraint } });
const outside = new RequestContext(null);
const inside = new RequestContext(null, 'r', { queryRunner: { isTransactionActive: true } } as unknown as EntityManager);

describe('createOnce', () => {
  it('without a key it only creates', async () => {
    const find = jest.fn();
    await expect(createOnce(outside, { key: undefined, find }, async () => 'new')).resolves.toBe('new');
    expect(find).not.toHaveBeenCalled();
  });

  it('a retry answers what the key already holds, without creating', async () => {
    const create = jest.fn();
    await expect(createOnce(outside, { key: 'k-0000001', find: async (k) => `done ${k}` }, create)).resolves.toBe('done k-0000001');
    expect(create).not.toHaveBeenCalled();
  });

  it('a twin that committed first (unique violation of the key) answers with its record', async () => {
    let stored: string | null = null;
    const find = jest.fn(async () => stored);
    const result = await createOnce(outside, { key: 'k-0000001', constraint: 'uq_doc_key', find }, async () => {
      stored = 'twin';
      throw uniqueViolation('uq_doc_key');
    });
    expect(result).toBe('twin');
    expect(find).toHaveBeenCalledTimes(2);
  });

  it('another unique violation, or one inside an open transaction (aborted: nothing can be read), goes up as it is', async () => {
    const find = jest.fn(async () => null as string | null);
    const other = uniqueViolation('uq_doc_number');
    await expect(createOnce(outside, { key: 'k-0000001', constraint: 'uq_doc_key', find }, () => Promise.reject(other))).rejects.toBe(other);
    const mine = uniqueViolation('uq_doc_key');
    find.mockClear();
    await expect(createOnce(inside, { key: 'k-0000001', constraint: 'uq_doc_key', find, checkFirst: false }, () => Promise.reject(mine))).rejects.toBe(mine);
    expect(find).not.toHaveBeenCalled();
  });
});
