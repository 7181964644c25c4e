import { DeleteOutlined, PlusOutlined, ScanOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Select, Space, Spin, type FormInstance } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { searchProducts, type ProductRef } from './refs';
import type { Option } from './lookups';

export interface LineColumn {
  /** the line field's name as in the API (`quantity`, `unitPrice`, `reasonCode`…) */
  name: string;
  title: string;
  width: number;
  required?: boolean;
  /** the input (default: a text input); receives the product picked on the line */
  input?: (product: ProductRef | undefined) => ReactNode;
  placeholder?: string;
}

/** A product select that searches as one types (code, name, barcode). */
export function ProductSelect(props: { value?: string; onChange?(v: string): void; onPicked?(p: ProductRef): void; initialLabel?: string; testId?: string }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<(Option & { product: ProductRef })[]>(
    props.value && props.initialLabel ? [{ value: props.value, label: props.initialLabel, product: undefined as never }] : [],
  );
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  /** the newest look-up sent: answers may arrive out of order, only its answer is shown */
  const newest = useRef(0);
  const search = (text: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const mine = ++newest.current;
      setLoading(true);
      // a failed look-up leaves the last options (the API client reports the error)
      searchProducts(text)
        .then(
          (found) => mine === newest.current && setOptions(found),
          () => undefined,
        )
        .finally(() => mine === newest.current && setLoading(false));
    }, 250);
  };
  return (
    <Select
      showSearch
      filterOption={false}
      value={props.value}
      placeholder={t('doc.productHint')}
      onSearch={search}
      onFocus={() => options.length === 0 && search('')}
      notFoundContent={loading ? <Spin size="small" /> : undefined}
      options={options}
      data-testid={props.testId}
      onChange={(v: string) => {
        props.onChange?.(v);
        const p = options.find((o) => o.value === v)?.product;
        if (p) props.onPicked?.(p);
      }}
      style={{ width: '100%' }}
    />
  );
}

/**
 * The lines of a document being written: one row per product with the columns the document needs,
 * add/remove, and a scan box (a barcode scanner types the code and Enter: the product is added,
 * or its quantity goes up by one). Server errors such as `lines.2.quantity` show on that cell.
 */
export function ProductLines(props: {
  form: FormInstance;
  columns: LineColumn[];
  name?: string;
  scan?: boolean;
  onPicked?(index: number, p: ProductRef): void;
  /** a read-only cell after the inputs (e.g. the server's price quote of the line) */
  extra?: { title: string; width: number; render(index: number): ReactNode };
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const name = props.name ?? 'lines';
  const [picked, setPicked] = useState<Record<number, ProductRef>>({});
  const [scanText, setScanText] = useState('');

  const scan = async () => {
    const code = scanText.trim();
    if (!code) return;
    const found = await searchProducts(code);
    const hit = found.find((o) => o.product.barcodes?.includes(code) || o.product.code === code) ?? (found.length === 1 ? found[0] : undefined);
    setScanText('');
    if (!hit) {
      void message.warning(t('doc.scanNotFound', { code }));
      return;
    }
    const lines = ((props.form.getFieldValue(name) as Record<string, unknown>[] | undefined) ?? []).slice();
    const at = lines.findIndex((l) => l?.productId === hit.value);
    if (at >= 0) {
      const q = Number(lines[at].quantity ?? 0) + 1;
      lines[at] = { ...lines[at], quantity: String(q) };
    } else {
      lines.push({ productId: hit.value, quantity: '1' });
      setPicked((p) => ({ ...p, [lines.length - 1]: hit.product }));
      props.onPicked?.(lines.length - 1, hit.product);
    }
    props.form.setFieldValue(name, lines);
  };

  return (
    <div data-testid="product-lines">
      {props.scan && (
        <Input
          prefix={<ScanOutlined />}
          placeholder={t('doc.scanHint')}
          value={scanText}
          onChange={(e) => setScanText(e.target.value)}
          onPressEnter={(e) => {
            e.preventDefault();
            void scan();
          }}
          style={{ marginBottom: 8, maxWidth: 360 }}
          data-testid="scan-input"
        />
      )}
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            <div style={{ display: 'flex', gap: 8, fontWeight: 500, marginBottom: 4 }}>
              <span style={{ width: 260 }}>{t('doc.product')}</span>
              {props.columns.map((c) => (
                <span key={c.name} style={{ width: c.width }}>
                  {c.title}
                </span>
              ))}
              {props.extra && <span style={{ width: props.extra.width }}>{props.extra.title}</span>}
            </div>
            {fields.map((f) => (
              <div key={f.key} style={{ display: 'flex', gap: 8 }} data-testid="line-row">
                <Form.Item name={[f.name, 'productId']} rules={[{ required: true, message: t('doc.productRequired') }]} style={{ width: 260, marginBottom: 8 }}>
                  <ProductSelect
                    testId={`line-product-${f.name}`}
                    onPicked={(p) => {
                      setPicked((x) => ({ ...x, [f.name]: p }));
                      props.onPicked?.(f.name, p);
                    }}
                  />
                </Form.Item>
                {props.columns.map((c) => (
                  <Form.Item
                    key={c.name}
                    name={[f.name, c.name]}
                    rules={c.required ? [{ required: true, whitespace: true, message: t('doc.required') }] : []}
                    style={{ width: c.width, marginBottom: 8 }}
                  >
                    {c.input ? c.input(picked[f.name]) : <Input placeholder={c.placeholder} data-testid={`line-${c.name}-${f.name}`} />}
                  </Form.Item>
                ))}
                {props.extra && <div style={{ width: props.extra.width, paddingTop: 5 }}>{props.extra.render(f.name)}</div>}
                <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('doc.removeLine')} />
              </div>
            ))}
            <Space>
              <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-line">
                {t('doc.addLine')}
              </Button>
            </Space>
          </>
        )}
      </Form.List>
    </div>
  );
}

/** Line values as the API takes them: blank optional fields left out, strings trimmed. */
export function cleanLines<L extends Record<string, unknown>>(lines: L[] | undefined): L[] {
  return (lines ?? []).map((l) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(l ?? {})) {
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) continue;
      out[k] = typeof v === 'string' ? v.trim() : v;
    }
    return out as L;
  });
}
