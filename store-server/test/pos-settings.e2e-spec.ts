import { bearer, bootTestApp, type PosStore, seedPosStore, type TestApp } from '@chain-erp/shared/testing';
import { STORE_SERVER } from '../src/server';

/**
 * The store console's 系统设置 screens over the till's settings: 小票设置's live preview (the till's
 * own renderer, nothing saved) and 键盘设置's shortcuts as the till reads them back.
 */
describe('POS settings for the store console', () => {
  let store: TestApp;
  let s: PosStore;
  const http = () => store.http();

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    s = await seedPosStore(store);
  });
  afterAll(() => store?.close());

  const receipt = {
    header: ['一号店欢迎您', '营业时间 8:00-22:00'],
    footer: ['凭小票七日内退换'],
    width: 32,
    fields: { cashier: true, till: true, barcode: true, memberRef: true, discounts: true, payments: true },
  };

  it('previews a receipt with the settings being edited, at the paper width, without saving them', async () => {
    const narrow = await http().post('/api/pos/settings/receipt-preview').set(bearer(s.adminToken)).send(receipt).expect(200);
    const lines: string[] = narrow.body.text.trimEnd().split('\n');
    expect(narrow.body.width).toBe(32);
    expect(lines.some((l) => l.includes('一号店欢迎您'))).toBe(true);
    expect(lines.some((l) => l.includes('凭小票七日内退换'))).toBe(true);
    expect(lines).toContainEqual(expect.stringContaining('6900000000011')); // barcode printed
    expect(lines.some((l) => l.startsWith('收银员'))).toBe(true);
    // a CJK character takes two columns: no line runs past the paper
    const width = (l: string) => [...l].reduce((w, ch) => w + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
    expect(Math.max(...lines.map(width))).toBeLessThanOrEqual(32);

    const wide = await http()
      .post('/api/pos/settings/receipt-preview')
      .set(bearer(s.adminToken))
      .send({ ...receipt, width: 48, fields: { ...receipt.fields, barcode: false, cashier: false } })
      .expect(200);
    expect(wide.body.text).not.toContain('6900000000011');
    expect(wide.body.text).not.toContain('收银员');
    expect(Math.max(...wide.body.text.split('\n').map(width))).toBeGreaterThan(32);
    // nothing saved: the till still prints with its own settings
    const effective = (await http().get('/api/pos/settings').set(bearer(s.adminToken)).expect(200)).body.effective.receipt;
    expect(effective.header).not.toContain('一号店欢迎您');
  });

  it('refuses a bad preview request on its fields, and a cashier without pos.settings', async () => {
    const bad = await http()
      .post('/api/pos/settings/receipt-preview')
      .set(bearer(s.adminToken))
      .send({ ...receipt, width: 40 })
      .expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('width');
    await http().post('/api/pos/settings/receipt-preview').set(bearer(s.cashierToken)).send(receipt).expect(403);
  });

  it('收银员权限 lists the POS permissions with the store roles holding them; a cashier may not read it', async () => {
    const perms = (await http().get('/api/pos/settings/permissions').set(bearer(s.adminToken)).expect(200)).body as Array<{ code: string; roles: Array<{ code: string }> }>;
    expect(perms.every((p) => p.code.startsWith('pos.'))).toBe(true);
    const holders = (code: string) => perms.find((p) => p.code === code)!.roles.map((r) => r.code);
    expect(holders('pos.refund')).toContain('s001-cashier-role');
    expect(holders('pos.reprint')).not.toContain('s001-cashier-role');
    await http().get('/api/pos/settings/permissions').set(bearer(s.cashierToken)).expect(403);
  });

  it('keyboard shortcuts saved by the manager are what the till reads; a key used twice is refused on its field', async () => {
    const shortcuts = [
      { action: 'search', key: 'F1' },
      { action: 'pay-cash', key: 'Ctrl+Enter' },
      { action: 'open-drawer', key: 'Alt+D' },
    ];
    await http().put('/api/pos/settings').set(bearer(s.adminToken)).send({ keyboard: { shortcuts } }).expect(200);
    const till = (await http().get('/api/pos/settings').set(bearer(s.cashierToken)).expect(200)).body.effective.keyboard;
    expect(till.shortcuts).toEqual(shortcuts);
    const twice = await http()
      .put('/api/pos/settings')
      .set(bearer(s.adminToken))
      .send({ keyboard: { shortcuts: [...shortcuts, { action: 'refund', key: 'Alt+D' }] } })
      .expect(400);
    expect(twice.body).toMatchObject({ code: 'POS_SETTINGS_INVALID', fields: [{ field: 'keyboard.shortcuts.3.key' }] });
  });
});
