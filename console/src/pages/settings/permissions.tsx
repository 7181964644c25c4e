import { useQuery } from '@tanstack/react-query';
import { Checkbox, Col, Divider, Row, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../lib/api';
import { useLang } from '../../lib/lang';

/** One entry of `GET /api/permissions`: the code and its labels (Chinese, English). */
export interface PermissionInfo {
  code: string;
  zh: string;
  en: string;
  hq?: boolean;
}

export function usePermissionCatalogue() {
  return useQuery({ queryKey: ['permissions'], staleTime: Infinity, queryFn: async () => ok<PermissionInfo[]>(await api.GET('/api/permissions')) });
}

/** A permission's label in the language on screen. */
export function usePermissionLabel(): (code: string) => string {
  const { lang } = useLang();
  const catalogue = usePermissionCatalogue();
  const byCode = new Map((catalogue.data ?? []).map((p) => [p.code, p]));
  return (code) => {
    const p = byCode.get(code);
    return p ? (lang === 'zh-CN' ? p.zh : p.en) : code;
  };
}

/** The catalogue as checkboxes grouped by area (the code's first part), Chinese names first. */
export function PermissionPicker({ value, onChange, disabled }: { value?: string[]; onChange?: (v: string[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const { lang } = useLang();
  const catalogue = usePermissionCatalogue();
  const groups = new Map<string, PermissionInfo[]>();
  for (const p of catalogue.data ?? []) {
    const area = p.code.split('.')[0];
    groups.set(area, [...(groups.get(area) ?? []), p]);
  }
  const selected = new Set(value ?? []);
  return (
    <Checkbox.Group value={value ?? []} onChange={(v) => onChange?.(v as string[])} disabled={disabled} style={{ width: '100%' }} data-testid="permission-picker">
      {[...groups.entries()].map(([area, perms]) => (
        <div key={area} style={{ width: '100%' }}>
          <Divider orientation="left" plain style={{ margin: '8px 0' }}>
            {t(`permArea.${area}`, { defaultValue: area })} ({perms.filter((p) => selected.has(p.code)).length}/{perms.length})
          </Divider>
          <Row gutter={[8, 4]}>
            {perms.map((p) => (
              <Col span={8} key={p.code}>
                <Checkbox value={p.code} title={p.code}>
                  {lang === 'zh-CN' ? p.zh : p.en}
                  {p.hq && (
                    <Tag color="blue" style={{ marginLeft: 4 }} bordered={false}>
                      {t('role.hqOnly')}
                    </Tag>
                  )}
                </Checkbox>
              </Col>
            ))}
          </Row>
        </div>
      ))}
    </Checkbox.Group>
  );
}
