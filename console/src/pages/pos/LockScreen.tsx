import { Alert, Input, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Who locked the till. */
export interface Locker {
  username: string;
  displayName: string;
  at: Date;
}

/** A sign-in made on the lock screen: the token and who it is, not yet the till's. */
interface SignedIn {
  token: string;
  me: { id: string; username: string; permissions: string[] };
}

/** The answer of a failed call as 'CODE: message' (a wrong password, tries left, locked until …). */
async function failure(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
  return `${body.code ?? `HTTP_${res.status}`}: ${body.message ?? res.statusText}`;
}

/**
 * A sign-in on the store server, made without the console's session handling: a wrong password
 * here must stay on the lock screen (the console would go to the login page on a 401).
 */
async function signIn(username: string, password: string): Promise<SignedIn> {
  const res = await fetch(`${window.location.origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(await failure(res));
  const { accessToken } = (await res.json()) as { accessToken: string };
  const meRes = await fetch(`${window.location.origin}/api/auth/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
  if (!meRes.ok) throw new Error(await failure(meRes));
  return { token: accessToken, me: (await meRes.json()) as SignedIn['me'] };
}

/** Ends a sign-in that may not take the till (best effort). */
async function signOut(token: string): Promise<void> {
  await fetch(`${window.location.origin}/api/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
}

/** A manager takes over a till: the right to hand over another cashier's shift (交班), and to sell. */
export const TAKEOVER_PERMISSIONS = ['pos.reconcile', 'pos.sell'];

/**
 * 锁屏: covers the whole till. Locking ended the cashier's sign-in at the server (a token left in
 * the browser is dead), so unlocking is a sign-in: the cashier's own password, or (F2) a manager
 * takes over with theirs. The basket stays (the till keeps it in this browser). `onSignedIn` gets
 * the new sign-in once it may take the till.
 */
export function LockScreen(props: { locker: Locker; lines: number; onSignedIn: (token: string) => void }) {
  const { t } = useTranslation();
  const [takeover, setTakeover] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<InputRef>(null);
  const second = useRef<InputRef>(null);

  useEffect(() => {
    first.current?.focus();
  }, [takeover]);

  const submit = async () => {
    if (busy || !password) return;
    setBusy(true);
    setError(null);
    try {
      const who = takeover ? username.trim() : props.locker.username;
      const s = await signIn(who, password);
      const missing = TAKEOVER_PERMISSIONS.filter((p) => !s.me.permissions.includes(p));
      if (takeover && missing.length) {
        await signOut(s.token);
        throw new Error(t('till.lock.notManager', { user: s.me.username, permissions: missing.join(', ') }));
      }
      props.onSignedIn(s.token);
    } catch (e) {
      setPassword('');
      setError((e as Error).message);
      setBusy(false);
    }
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'F2') return;
    e.preventDefault();
    setTakeover((x) => !x);
    setUsername('');
    setPassword('');
    setError(null);
  };

  const hhmm = props.locker.at.toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' });
  return (
    <div
      data-testid="till-lock"
      role="dialog"
      aria-label={t('till.lock.title')}
      onKeyDown={onKey}
      style={{ position: 'fixed', inset: 0, zIndex: 2000, background: '#001529', display: 'flex', alignItems: 'center', justifyContent: 'center' }}
    >
      <div style={{ background: '#fff', padding: 32, width: 420, borderRadius: 8 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('till.lock.title')}
        </Typography.Title>
        <Typography.Paragraph data-testid="till-lock-who">
          {t('till.lock.lockedBy', { name: props.locker.displayName, user: props.locker.username, at: hhmm })}
        </Typography.Paragraph>
        {props.lines > 0 && <Typography.Paragraph type="secondary">{t('till.lock.basketKept', { n: props.lines })}</Typography.Paragraph>}
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="lock-error" />}
        {takeover ? (
          <>
            <Typography.Text strong>{t('till.lock.takeover')}</Typography.Text>
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('till.approver')}</Typography.Text>
              <Input ref={first} aria-label={t('till.approver')} value={username} onChange={(e) => setUsername(e.target.value)} onPressEnter={() => second.current?.focus()} />
            </div>
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('till.approverPassword')}</Typography.Text>
              <Input.Password
                ref={second}
                aria-label={t('till.approverPassword')}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                onPressEnter={() => void submit()}
              />
            </div>
          </>
        ) : (
          <div style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">{t('till.lock.password')}</Typography.Text>
            <Input.Password ref={first} aria-label={t('till.lock.password')} value={password} onChange={(e) => setPassword(e.target.value)} onPressEnter={() => void submit()} />
          </div>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {takeover ? t('till.lock.backToCashier') : t('till.lock.toTakeover')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
