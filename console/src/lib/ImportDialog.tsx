import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Modal, Progress, Select, Space, Steps, Table, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, download, ok, tokenStore } from './api';

/** An import as `GET /api/catalog/imports/{id}` answers (docs/catalog.md "Importing"). */
export interface ImportJob {
  id: string;
  entity: string;
  mode: 'validate' | 'commit' | 'commit-valid';
  state: 'queued' | 'running' | 'validated' | 'committed' | 'rejected' | 'failed';
  fileName: string;
  encoding: string | null;
  rowsRead: number;
  rowsValid: number;
  rowsFailed: number;
  created: number;
  updated: number;
  unchanged: number;
  ignoredHeaders: string[];
  errorCode: string | null;
  message: string | null;
}
export interface ImportRowError {
  id: string;
  row: number;
  column: string;
  code: string;
  message: string;
}
type Mode = ImportJob['mode'];
type Encoding = 'auto' | 'utf8' | 'gbk' | 'gb18030' | 'utf16le' | 'utf16be';

const DONE: ImportJob['state'][] = ['validated', 'committed', 'rejected', 'failed'];
const POLL_MS = 700;

/** Uploads the file as multipart with the bearer token; the XHR reports upload progress. */
function upload<R = ImportJob>(path: string, file: File, query: Record<string, string>, onProgress: (pct: number) => void): Promise<R> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, window.location.origin);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    const token = tokenStore.get();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { statusCode: xhr.status, code: `HTTP_${xhr.status}`, message: xhr.statusText };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as R);
      else reject(new ApiError(xhr.status, body as ConstructorParameters<typeof ApiError>[1]));
    };
    xhr.onerror = () => reject(new ApiError(0, { statusCode: 0, code: 'NETWORK', message: 'network error / 网络错误' }));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

async function fetchJob(id: string): Promise<ImportJob> {
  return ok<ImportJob>(await api.GET('/api/catalog/imports/{id}', { params: { path: { id } } }));
}
async function fetchErrors(id: string): Promise<{ items: ImportRowError[]; total: number }> {
  return ok<{ items: ImportRowError[]; total: number }>(await api.GET('/api/catalog/imports/{id}/errors', { params: { path: { id }, query: { pageSize: 100 } } }));
}

export interface ImportDialogProps {
  open: boolean;
  onClose(): void;
  /** the entity's path under /api/catalog (`products`, `payment-methods` …) */
  entity: string;
  title: string;
  /** called after rows were written, so the list reloads */
  onCommitted?(): void;
  /**
   * A document's lines rather than a base-data entity (e.g. a draft purchase order's): one upload
   * to `path`, all rows or none — a bad row answers 400 with every row's error in
   * `details.errors`, shown in the same table; the encoding is detected by the server.
   */
  lines?: { path: string; templatePath: string; templateName: string; /** the document's lines before the import */ linesBefore: number; onImported?(result: unknown): void };
}

/** A line import's rows written, or its row errors (the server's `details.errors`). */
interface LinesOutcome {
  imported?: number;
  errors?: ImportRowError[];
}
function rowErrorsOf(e: ApiError): ImportRowError[] {
  const list = (e.body.details as { errors?: Omit<ImportRowError, 'id'>[] } | undefined)?.errors ?? [];
  return list.map((r, i) => ({ ...r, id: `${i}` }));
}

/**
 * 导入: drag a file in, choose the encoding (or let the server detect it), validate first (a dry
 * run: the preview with every row error), then import the valid rows of the same file, with the
 * annotated error workbook to download. A bar follows the upload and the server's job.
 */
export function ImportDialog(p: ImportDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [errors, setErrors] = useState<{ items: ImportRowError[]; total: number } | null>(null);
  const [uploadPct, setUploadPct] = useState<number | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<LinesOutcome | null>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  useEffect(() => {
    if (p.open) return;
    setFile(null);
    setJob(null);
    setErrors(null);
    setUploadPct(null);
    setFailure(null);
    setOutcome(null);
  }, [p.open]);

  /** The lines of a document: one upload, everything or nothing. */
  const importLines = async () => {
    if (!file || !p.lines) return;
    setBusy(true);
    setFailure(null);
    setOutcome(null);
    setUploadPct(0);
    try {
      const result = await upload<{ lines?: unknown[] }>(p.lines.path, file, {}, setUploadPct);
      // the answer is the whole document: the rows imported are what it gained
      setOutcome({ imported: (result.lines?.length ?? 0) - p.lines.linesBefore });
      p.lines.onImported?.(result);
      p.onCommitted?.();
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, { statusCode: 0, code: 'ERROR', message: String(e) });
      setFailure(err);
      const rows = rowErrorsOf(err);
      if (rows.length) setOutcome({ errors: rows });
    } finally {
      setBusy(false);
    }
  };

  const run = async (mode: Mode) => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    setErrors(null);
    setUploadPct(0);
    try {
      let current = await upload(`/api/catalog/${p.entity}/imports`, file, { mode, ...(encoding !== 'auto' ? { encoding } : {}) }, setUploadPct);
      setJob(current);
      while (!DONE.includes(current.state) && alive.current) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        current = await fetchJob(current.id);
        setJob(current);
      }
      if (current.rowsFailed > 0) setErrors(await fetchErrors(current.id));
      if (current.state === 'committed' && current.created + current.updated > 0) p.onCommitted?.();
    } catch (e) {
      setFailure(e instanceof ApiError ? e : new ApiError(0, { statusCode: 0, code: 'ERROR', message: String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const errorFile = async () => {
    if (!job) return;
    try {
      await download(`/api/catalog/imports/${job.id}/error-file`, {}, `${p.entity}-errors.xlsx`);
    } catch (e) {
      void message.error(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };
  const template = async () => {
    try {
      if (p.lines) await download(p.lines.templatePath, {}, p.lines.templateName);
      else await download(`/api/catalog/${p.entity}/import-template`, {}, `${p.entity}-template.xlsx`);
    } catch (e) {
      void message.error(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };

  if (p.lines) return <LinesImport {...{ p, file, setFile, busy, uploadPct, failure, outcome, importLines, template, setOutcome, setFailure }} />;
  const step = !job ? 0 : job.mode === 'validate' ? 1 : 2;
  const finished = job && DONE.includes(job.state);
  const processing = busy && job && !finished;
  return (
    <Modal title={p.title} open={p.open} onCancel={p.onClose} width={880} footer={null} maskClosable={false} destroyOnClose>
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[{ title: t('import.stepFile') }, { title: t('import.stepPreview') }, { title: t('import.stepCommit') }]}
      />
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload.Dragger
          accept=".xlsx,.csv,.txt"
          maxCount={1}
          multiple={false}
          disabled={busy}
          beforeUpload={(f) => {
            setFile(f);
            setJob(null);
            setErrors(null);
            setFailure(null);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          data-testid="import-drop"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.drop')}</p>
          <p className="ant-upload-hint">{t('import.hint')}</p>
        </Upload.Dragger>
        <Space wrap>
          <span>{t('import.encoding')}</span>
          <Select<Encoding>
            value={encoding}
            onChange={setEncoding}
            style={{ width: 200 }}
            disabled={busy}
            options={[
              { value: 'auto', label: t('import.encodingAuto') },
              { value: 'utf8', label: 'UTF-8' },
              { value: 'gbk', label: 'GBK' },
              { value: 'gb18030', label: 'GB18030' },
              { value: 'utf16le', label: 'UTF-16 LE' },
              { value: 'utf16be', label: 'UTF-16 BE' },
            ]}
          />
          <Button icon={<DownloadOutlined />} onClick={() => void template()}>
            {t('import.template')}
          </Button>
        </Space>
        <Space wrap>
          <Button type="primary" disabled={!file || busy} loading={busy && job?.mode !== 'commit-valid'} onClick={() => void run('validate')}>
            {t('import.validate')}
          </Button>
          <Button
            disabled={!file || busy || !job || job.mode !== 'validate' || job.state !== 'validated' || job.rowsValid === 0}
            loading={busy && job?.mode === 'commit-valid'}
            onClick={() => void run('commit-valid')}
          >
            {t('import.commitValid')}
          </Button>
          {job && finished && job.rowsFailed > 0 && (
            <Button icon={<DownloadOutlined />} onClick={() => void errorFile()}>
              {t('import.errorFile')}
            </Button>
          )}
        </Space>
        {uploadPct !== null && (busy || finished) && (
          <Progress
            data-testid="import-progress"
            percent={finished ? 100 : job ? 99 : uploadPct}
            status={job?.state === 'failed' ? 'exception' : processing || (busy && !job) ? 'active' : 'normal'}
            format={() => (finished ? t(`import.state.${job.state}`) : job ? t('import.reading', { n: job.rowsRead }) : `${uploadPct}%`)}
          />
        )}
        {failure && <Alert type="error" showIcon message={failure.code} description={failure.message} data-testid="import-error" />}
        {job && finished && job.state === 'failed' && <Alert type="error" showIcon message={job.errorCode} description={job.message} />}
        {job && finished && job.state !== 'failed' && (
          <Descriptions size="small" bordered column={4} data-testid="import-result">
            <Descriptions.Item label={t('import.state.label')}>{t(`import.state.${job.state}`)}</Descriptions.Item>
            <Descriptions.Item label={t('import.rowsRead')}>{job.rowsRead}</Descriptions.Item>
            <Descriptions.Item label={t('import.rowsValid')}>{job.rowsValid}</Descriptions.Item>
            <Descriptions.Item label={t('import.rowsFailed')}>{job.rowsFailed}</Descriptions.Item>
            {job.mode !== 'validate' && (
              <>
                <Descriptions.Item label={t('import.created')}>{job.created}</Descriptions.Item>
                <Descriptions.Item label={t('import.updated')}>{job.updated}</Descriptions.Item>
                <Descriptions.Item label={t('import.unchanged')}>{job.unchanged}</Descriptions.Item>
              </>
            )}
            <Descriptions.Item label={t('import.encoding')}>{job.encoding ?? '-'}</Descriptions.Item>
          </Descriptions>
        )}
        {job?.ignoredHeaders?.length ? <Typography.Text type="secondary">{t('import.ignored', { headers: job.ignoredHeaders.join('、') })}</Typography.Text> : null}
        {errors && errors.items.length > 0 && (
          <Table<ImportRowError>
            data-testid="import-errors"
            size="small"
            rowKey="id"
            dataSource={errors.items}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            title={() => t('import.errorsTitle', { n: errors.total })}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 70 },
              { title: t('import.column'), dataIndex: 'column', width: 140 },
              { title: t('import.code'), dataIndex: 'code', width: 170 },
              { title: t('import.message'), dataIndex: 'message' },
            ]}
          />
        )}
      </Space>
    </Modal>
  );
}

/** The dialog of a document's line import (`ImportDialogProps.lines`): file, template, import, row errors. */
function LinesImport(x: {
  p: ImportDialogProps;
  file: File | null;
  setFile(f: File | null): void;
  busy: boolean;
  uploadPct: number | null;
  failure: ApiError | null;
  outcome: LinesOutcome | null;
  importLines(): Promise<void>;
  template(): Promise<void>;
  setOutcome(o: LinesOutcome | null): void;
  setFailure(e: ApiError | null): void;
}) {
  const { t } = useTranslation();
  const { p, outcome } = x;
  const done = outcome?.imported !== undefined;
  return (
    <Modal title={p.title} open={p.open} onCancel={p.onClose} width={880} footer={null} maskClosable={false} destroyOnClose>
      <Steps size="small" current={done ? 1 : 0} style={{ marginBottom: 16 }} items={[{ title: t('import.stepFile') }, { title: t('import.stepAll') }]} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload.Dragger
          accept=".xlsx,.csv,.txt"
          maxCount={1}
          multiple={false}
          disabled={x.busy}
          beforeUpload={(f) => {
            x.setFile(f);
            x.setOutcome(null);
            x.setFailure(null);
            return false;
          }}
          onRemove={() => x.setFile(null)}
          fileList={x.file ? [{ uid: 'file', name: x.file.name, status: 'done' }] : []}
          data-testid="import-drop"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.drop')}</p>
          <p className="ant-upload-hint">{t('import.linesHint')}</p>
        </Upload.Dragger>
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => void x.template()}>
            {t('import.template')}
          </Button>
          <Button type="primary" disabled={!x.file || x.busy || done} loading={x.busy} onClick={() => void x.importLines()} data-testid="import-lines">
            {t('import.commitAll')}
          </Button>
        </Space>
        {x.uploadPct !== null && (x.busy || outcome) && (
          <Progress data-testid="import-progress" percent={x.busy ? x.uploadPct : 100} status={x.busy ? 'active' : x.failure ? 'exception' : 'normal'} />
        )}
        {x.failure && <Alert type="error" showIcon message={x.failure.code} description={x.failure.message} data-testid="import-error" />}
        {done && <Alert type="success" showIcon message={t('import.linesImported', { n: outcome.imported })} data-testid="import-result" />}
        {outcome?.errors && outcome.errors.length > 0 && (
          <Table<ImportRowError>
            data-testid="import-errors"
            size="small"
            rowKey="id"
            dataSource={outcome.errors}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            title={() => t('import.errorsTitle', { n: outcome.errors!.length })}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 70 },
              { title: t('import.column'), dataIndex: 'column', width: 140 },
              { title: t('import.code'), dataIndex: 'code', width: 170 },
              { title: t('import.message'), dataIndex: 'message' },
            ]}
          />
        )}
      </Space>
    </Modal>
  );
}
