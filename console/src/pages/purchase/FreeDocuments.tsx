import { ModalForm, ProFormSelect, ProFormSwitch, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { Alert, App, DatePicker, Form } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../lib/api';
import { searchSuppliers } from '../../lib/lookups';
import { cleanLines, ProductLines, type LineColumn } from '../../lib/ProductLines';
import { refOptions, useWarehouses } from '../../lib/refs';

interface FreeLine extends Record<string, unknown> {
  productId: string;
  quantity: string;
  unitPrice?: string;
  batchNo?: string;
  expiryDate?: string;
}
interface FreeValues {
  supplierId: string;
  warehouseId: string;
  deliveryNoteNo?: string;
  reason?: string;
  remark?: string;
  post: boolean;
  lines: FreeLine[];
}

const newKey = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

/**
 * A purchase document with no order (验收入库) or no receipt (采购退货) behind it: supplier, HQ
 * warehouse and product lines typed or scanned. A blank price is priced by the server (the
 * supplier's last price, else the product's purchase price). The server's field errors
 * (`lines.2.quantity`) show on their cells; any other error above the form.
 */
export function FreeDocumentForm(props: { kind: 'receipt' | 'return'; open: boolean; onOpenChange(v: boolean): void; onSaved(id: string): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FreeValues>();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const { modal } = App.useApp();
  // one idempotency key per opening of the dialog: a resubmit after a lost answer gets the first document back
  const key = useRef(newKey(props.kind === 'receipt' ? 'gr' : 'pr'));
  useEffect(() => {
    if (!props.open) return;
    setFailure(null);
    key.current = newKey(props.kind === 'receipt' ? 'gr' : 'pr');
  }, [props.open, props.kind]);
  const warehouses = useWarehouses().filter((w) => w.kind === 'normal' && w.status === 'active');
  const receipt = props.kind === 'receipt';
  const columns: LineColumn[] = [
    { name: 'quantity', title: t('purchase.quantity'), width: 110, required: true },
    { name: 'unitPrice', title: t('purchase.unitPrice'), width: 120, placeholder: t('purchase.priceBlankHint') },
    { name: 'batchNo', title: t('purchase.batchNo'), width: 120 },
    ...(receipt
      ? [
          {
            name: 'expiryDate',
            title: t('purchase.expiryDate'),
            width: 150,
            input: () => <ExpiryInput />,
          },
        ]
      : []),
  ];
  return (
    <ModalForm<FreeValues>
      form={form}
      // field ids of their own: the list's filter form behind the dialog has a supplierId too
      name={`free-${props.kind}`}
      title={receipt ? t('purchase.freeReceiptTitle') : t('purchase.freeReturnTitle')}
      open={props.open}
      onOpenChange={props.onOpenChange}
      width={1000}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={{ post: true, lines: [{}] }}
      modalProps={{ destroyOnClose: true, maskClosable: false }}
      onFinish={async (v) => {
        setFailure(null);
        const common = { supplierId: v.supplierId, warehouseId: v.warehouseId, post: !!v.post, lines: cleanLines(v.lines) };
        try {
          const sendReceipt = async (confirmDuplicateNote: boolean) =>
            ok<{ id: string }>(
              await api.POST('/api/goods-receipts', {
                body: {
                  ...common,
                  deliveryNoteNo: v.deliveryNoteNo?.trim() || undefined,
                  remark: v.remark?.trim() || undefined,
                  idempotencyKey: key.current,
                  confirmDuplicateNote,
                },
              }),
            );
          let saved: { id: string };
          if (receipt) {
            try {
              saved = await sendReceipt(false);
            } catch (e) {
              // the supplier's delivery note was received before: ask, then send it again confirmed
              if (!(e instanceof ApiError && e.code === 'PURCHASE_DUPLICATE_DELIVERY_NOTE')) throw e;
              const go = await new Promise<boolean>((resolve) => {
                modal.confirm({
                  title: t('purchase.duplicateNote'),
                  content: t('purchase.duplicateNoteBody', { message: e.message }),
                  okText: t('purchase.continue'),
                  cancelText: t('common.cancel'),
                  onOk: () => resolve(true),
                  onCancel: () => resolve(false),
                });
              });
              if (!go) return false;
              saved = await sendReceipt(true);
            }
          } else saved = ok<{ id: string }>(await api.POST('/api/purchase-returns', { body: { ...common, reason: (v.reason ?? '').trim(), idempotencyKey: key.current } }));
          props.onSaved(saved.id);
          return true;
        } catch (caught) {
          const e = caught instanceof ApiError ? caught : new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(caught) });
          form.setFields(e.fields.map((f) => ({ name: f.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as never, errors: [f.message] })));
          setFailure(e);
          return false;
        }
      }}
    >
      {failure && <Alert type="error" showIcon style={{ marginBottom: 16, width: '100%' }} message={failure.code} description={failure.message} data-testid="form-error" />}
      <Alert type="info" showIcon style={{ marginBottom: 16, width: '100%' }} message={receipt ? t('purchase.freeReceiptHint') : t('purchase.freeReturnHint')} />
      <ProFormSelect
        name="supplierId"
        label={t('purchase.supplier')}
        colProps={{ span: 8 }}
        rules={[{ required: true }]}
        showSearch
        request={async ({ keyWords }) => searchSuppliers(keyWords)}
        debounceTime={300}
        fieldProps={{ 'data-testid': 'free-supplier' } as never}
      />
      <ProFormSelect
        name="warehouseId"
        label={t('purchase.warehouse')}
        colProps={{ span: 8 }}
        rules={[{ required: true }]}
        options={refOptions(warehouses)}
        showSearch
        fieldProps={{ optionFilterProp: 'label', 'data-testid': 'free-warehouse' } as never}
      />
      {receipt ? (
        <ProFormText name="deliveryNoteNo" label={t('purchase.deliveryNoteNo')} colProps={{ span: 5 }} />
      ) : (
        <ProFormText name="reason" label={t('purchase.returnReason')} colProps={{ span: 5 }} rules={[{ required: true, whitespace: true }]} />
      )}
      <ProFormSwitch name="post" label={receipt ? t('purchase.postNow') : t('purchase.postReturn')} colProps={{ span: 3 }} />
      {receipt && <ProFormTextArea name="remark" label={t('purchase.remark')} colProps={{ span: 24 }} fieldProps={{ rows: 1 }} />}
      <div style={{ width: '100%', padding: '0 8px' }}>
        <ProductLines form={form} columns={columns} scan />
      </div>
    </ModalForm>
  );
}

/** A date picker holding the API's `YYYY-MM-DD` string (the batch's expiry date). */
function ExpiryInput(props: { value?: string; onChange?(v: string | undefined): void }) {
  return <DatePicker value={props.value ? dayjs(props.value) : undefined} onChange={(d) => props.onChange?.(d ? d.format('YYYY-MM-DD') : undefined)} />;
}
