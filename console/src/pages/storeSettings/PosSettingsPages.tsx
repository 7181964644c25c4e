import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { storeApi } from '../../lib/storeApi';
import { SettingsCard } from './SettingsCard';
import type { PosSettings } from './usePosSettings';

/** 收银设置: rounding, price override and discounts with their limits, member prices, weighed-goods labels. */
export function CheckoutSettings() {
  const { t } = useTranslation();
  return (
    <SettingsCard section="checkout" title={t('menu.checkoutSettings')}>
      {() => (
        <>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name={['rounding', 'unit']} label={t('settings.roundingUnit')}>
                <Select options={['0.01', '0.1', '0.5', '1'].map((v) => ({ value: v, label: t(`settings.unit.${v.replace('.', '_')}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['rounding', 'mode']} label={t('settings.roundingMode')}>
                <Select options={['half-up', 'down', 'up'].map((v) => ({ value: v, label: t(`settings.mode.${v}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            {(['allowPriceOverride', 'allowDiscounts', 'memberRequiredForMemberPrice', 'voidLineNeedsPermission'] as const).map((k) => (
              <Col span={12} key={k}>
                <Form.Item name={k} label={t(`settings.${k}`)} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            ))}
            <Col span={12}>
              <Form.Item name="lineDiscountLimitPercent" label={t('settings.lineDiscountLimitPercent')}>
                <InputNumber min={0} max={100} addonAfter="%" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="saleDiscountLimitPercent" label={t('settings.saleDiscountLimitPercent')}>
                <InputNumber min={0} max={100} addonAfter="%" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('settings.weighedBarcodes')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('settings.weighedHint')}</Typography.Paragraph>
          <Form.List name="weighedBarcodes">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'prefix']} label={t('settings.prefix')} rules={[{ required: true, pattern: /^2\d{0,2}$/ }]}>
                      <Input style={{ width: 70 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'codeLength']} label={t('settings.codeLength')}>
                      <InputNumber min={4} max={6} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'valueLength']} label={t('settings.valueLength')}>
                      <InputNumber min={4} max={6} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'kind']} label={t('settings.kind')}>
                      <Select
                        style={{ width: 90 }}
                        options={[
                          { value: 'weight', label: t('settings.byWeight') },
                          { value: 'price', label: t('settings.byPrice') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'decimals']} label={t('settings.decimals')}>
                      <InputNumber min={0} max={3} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Form.Item>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ prefix: '2', codeLength: 5, valueLength: 5, kind: 'weight', decimals: 3 })}>
                    {t('settings.addLayout')}
                  </Button>
                </Form.Item>
              </>
            )}
          </Form.List>
        </>
      )}
    </SettingsCard>
  );
}

type ReceiptForm = Omit<PosSettings['receipt'], 'header' | 'footer'> & { header: string; footer: string };
const toLines = (s: string | undefined) =>
  (s ?? '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l, i, all) => l !== '' || i < all.length - 1)
    .slice(0, 5);

/** The sample receipt as the till would print it with the settings on screen (the server's renderer). */
function ReceiptPreview({ values }: { values: ReceiptForm | undefined }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(values ?? null);
  useEffect(() => {
    if (!values?.fields || !values.width) return;
    // an answer for settings no longer on screen is dropped: answers may arrive out of order
    let current = true;
    const timer = setTimeout(() => {
      storeApi
        .POST('/api/pos/settings/receipt-preview', { body: { ...values, header: toLines(values.header), footer: toLines(values.footer) } })
        .then((r) => {
          if (!current) return;
          setText(r.data!.text);
          setError(null);
        })
        .catch((e: Error) => current && setError(e.message));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const mm = values?.width === 32 ? 58 : 80;
  return (
    <Card title={t('settings.preview', { mm })} style={{ flex: '0 0 auto' }} size="small">
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <pre
        data-testid="receipt-preview"
        style={{
          width: `${(values?.width ?? 32) + 2}ch`,
          background: '#fffef8',
          border: '1px dashed #bbb',
          padding: '12px 1ch',
          fontFamily: '"Noto Sans Mono CJK SC", "Noto Sans Mono", monospace',
          fontSize: 12,
          lineHeight: 1.45,
          margin: 0,
          whiteSpace: 'pre',
        }}
      >
        {text}
      </pre>
    </Card>
  );
}

/** 小票设置: header and footer lines, paper width (58/80 mm), the fields printed — with a live preview. */
export function ReceiptSettings() {
  const { t } = useTranslation();
  return (
    <SettingsCard<'receipt', ReceiptForm>
      section="receipt"
      title={t('menu.receiptSettings')}
      toForm={(r) => ({ ...r, header: r.header.join('\n'), footer: r.footer.join('\n') })}
      fromForm={(v) => ({ ...v, header: toLines(v.header), footer: toLines(v.footer) })}
      side={(v) => <ReceiptPreview values={v} />}
    >
      {() => (
        <>
          <Form.Item name="width" label={t('settings.paper')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 32, label: t('settings.paper58') },
                { value: 42, label: t('settings.paper80_42') },
                { value: 48, label: t('settings.paper80_48') },
              ]}
            />
          </Form.Item>
          <Form.Item name="header" label={t('settings.header')} extra={t('settings.linesHint')}>
            <Input.TextArea rows={3} data-testid="receipt-header" />
          </Form.Item>
          <Form.Item name="footer" label={t('settings.footer')} extra={t('settings.linesHint')}>
            <Input.TextArea rows={3} data-testid="receipt-footer" />
          </Form.Item>
          <Typography.Text strong>{t('settings.printFields')}</Typography.Text>
          <Row>
            {(['cashier', 'till', 'barcode', 'memberRef', 'discounts', 'payments'] as const).map((k) => (
              <Col span={8} key={k}>
                <Form.Item name={['fields', k]} valuePropName="checked" style={{ marginBottom: 4 }}>
                  <Checkbox data-testid={`field-${k}`}>{t(`settings.field.${k}`)}</Checkbox>
                </Form.Item>
              </Col>
            ))}
          </Row>
        </>
      )}
    </SettingsCard>
  );
}

/** 外设设置: receipt printer (kind, address such as 192.168.1.50:9100), cash drawer, scale, customer display. */
export function PeripheralSettings() {
  const { t } = useTranslation();
  return (
    <SettingsCard section="peripherals" title={t('menu.peripheralSettings')}>
      {() => (
        <>
          <Typography.Title level={5}>{t('settings.printer')}</Typography.Title>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name={['printer', 'kind']} label={t('settings.printerKind')}>
                <Select options={['none', 'escpos-network', 'escpos-usb', 'escpos-serial', 'driver'].map((v) => ({ value: v, label: t(`settings.printerKinds.${v}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['printer', 'address']} label={t('settings.printerAddress')} extra={t('settings.printerAddressHint')}>
                <Input placeholder="192.168.1.50:9100" data-testid="printer-address" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['printer', 'copies']} label={t('settings.copies')}>
                <InputNumber min={1} max={3} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['printer', 'autoCut']} label={t('settings.autoCut')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('settings.cashDrawer')}</Typography.Title>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name={['cashDrawer', 'enabled']} label={t('settings.drawerEnabled')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['cashDrawer', 'openOn']} label={t('settings.openOn')}>
                <Radio.Group
                  options={[
                    { value: 'cash', label: t('settings.openOnCash') },
                    { value: 'any', label: t('settings.openOnAny') },
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('settings.scale')}</Typography.Title>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name={['scale', 'enabled']} label={t('settings.enabled')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name={['scale', 'protocol']} label={t('settings.protocol')}>
                <Select options={['none', 'toledo', 'dibal', 'aclas', 'dahua'].map((v) => ({ value: v, label: v }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name={['scale', 'port']} label={t('settings.port')}>
                <Input placeholder="COM3" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('settings.customerDisplay')}</Typography.Title>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name={['customerDisplay', 'enabled']} label={t('settings.enabled')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name={['customerDisplay', 'port']} label={t('settings.port')}>
                <Input placeholder="COM4" />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    </SettingsCard>
  );
}

/** The till's actions (键盘设置), in the order the till lists them; keys as the API stores them. */
export const TILL_ACTIONS = [
  'search',
  'quantity',
  'price-override',
  'line-discount',
  'sale-discount',
  'void-line',
  'void-sale',
  'member',
  'suspend',
  'resume',
  'pay-cash',
  'pay-card',
  'pay-mobile',
  'pay-voucher',
  'reprint',
  'open-drawer',
  'refund',
  'handover',
  'lock',
  'top-up',
  'top-up-reverse',
  'gift-card-sale',
  'voucher-balance',
] as const;
const NAMED: Record<string, string> = {
  Enter: 'Enter',
  Escape: 'Esc',
  ' ': 'Space',
  '+': 'Plus',
  '-': 'Minus',
  '*': 'Multiply',
  '/': 'Divide',
  Delete: 'Delete',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
};

/** A key press as the API writes it: `F2`, `Ctrl+S`, `Alt+Shift+F5`, `Esc`; null for a lone modifier. */
export function keyName(e: { key: string; code: string; ctrlKey: boolean; altKey: boolean; shiftKey: boolean }): string | null {
  let base: string | null = null;
  if (/^F([1-9]|1[0-2])$/.test(e.key)) base = e.key;
  else if (/^Key[A-Z]$/.test(e.code)) base = e.code.slice(3);
  else if (/^(Digit|Numpad)[0-9]$/.test(e.code)) base = e.code.slice(-1);
  else if (NAMED[e.key]) base = NAMED[e.key];
  if (!base) return null;
  const mods = [e.ctrlKey && 'Ctrl', e.altKey && 'Alt', e.shiftKey && 'Shift'].filter(Boolean).slice(0, 2);
  return [...mods, base].join('+');
}

/** Takes a shortcut by pressing it (Backspace clears). */
function KeyCapture({ value, onChange, testId, duplicate }: { value?: string; onChange?(v: string): void; testId: string; duplicate: boolean }) {
  const { t } = useTranslation();
  return (
    <Input
      readOnly
      value={value ?? ''}
      placeholder={t('settings.pressKey')}
      status={duplicate ? 'error' : undefined}
      style={{ width: 180 }}
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Tab') return;
        e.preventDefault();
        if (e.key === 'Backspace') return onChange?.('');
        const k = keyName(e);
        if (k) onChange?.(k);
      }}
    />
  );
}

type KeyboardForm = Record<string, string>;
/** 键盘设置: one key per till action, pressed to set; a key used twice is shown and refused. */
export function KeyboardSettings() {
  const { t } = useTranslation();
  return (
    <SettingsCard<'keyboard', KeyboardForm>
      section="keyboard"
      title={t('menu.keyboardSettings')}
      toForm={(k) => Object.fromEntries(k.shortcuts.map((s) => [s.action, s.key]))}
      fromForm={(v) => ({ shortcuts: TILL_ACTIONS.filter((a) => v[a]).map((a) => ({ action: a, key: v[a] })) })}
    >
      {(form) => (
        <Form.Item shouldUpdate noStyle>
          {() => {
            const v = form.getFieldsValue(true) as KeyboardForm;
            const used = new Map<string, number>();
            for (const a of TILL_ACTIONS) if (v[a]) used.set(v[a], (used.get(v[a]) ?? 0) + 1);
            return (
              <Table
                rowKey="action"
                size="small"
                pagination={false}
                dataSource={TILL_ACTIONS.map((action) => ({ action }))}
                style={{ marginBottom: 16 }}
                columns={[
                  { title: t('settings.action'), dataIndex: 'action', render: (a: string) => t(`settings.actions.${a}`) },
                  {
                    title: t('settings.key'),
                    key: 'key',
                    render: (_, r) => (
                      <Space>
                        <Form.Item name={r.action} noStyle>
                          <KeyCapture testId={`key-${r.action}`} duplicate={!!v[r.action] && (used.get(v[r.action]) ?? 0) > 1} />
                        </Form.Item>
                        {!!v[r.action] && (used.get(v[r.action]) ?? 0) > 1 && <Tag color="red">{t('settings.keyTwice')}</Tag>}
                      </Space>
                    ),
                  },
                ]}
              />
            );
          }}
        </Form.Item>
      )}
    </SettingsCard>
  );
}
