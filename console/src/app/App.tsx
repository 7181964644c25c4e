import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
// antd's Chinese texts: the `es` path — `antd/locale/zh_CN` left them English under Vite 8 (STACK.md)
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import i18n, { rememberLang, type Lang } from '../i18n';
import { tokenStore } from '../lib/api';
import { AuthProvider, useAuth } from '../lib/auth';
import { LangContext } from '../lib/lang';
import Login from '../pages/Login';
import { SetupGate } from '../pages/setup/SetupGate';
import { lazy } from './menu/lazy';
import { HOME, MENU, preloadScreen } from './screens';
// the shell (ProLayout) is a chunk of its own: the login page does not load it
const Shell = lazy(() => import('./Shell'));

function Loading() {
  return <Spin style={{ display: 'block', margin: '120px auto' }} size="large" />;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { token, me, loading } = useAuth();
  const location = useLocation();
  if (!token) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (loading || !me) return <Loading />;
  return <>{children}</>;
}

function Guarded({ permission, children }: { permission?: string; children: ReactNode }) {
  const { can } = useAuth();
  const { t } = useTranslation();
  if (permission && !can(permission)) return <Result status="403" title="403" subTitle={t('common.error')} />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

export function App() {
  const [lang, setLang] = useState<Lang>(i18n.language === 'en-US' ? 'en-US' : 'zh-CN');
  useEffect(() => {
    rememberLang(lang);
    void i18n.changeLanguage(lang);
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  }, [lang]);
  const Home = HOME.component;
  const { pathname } = useLocation();
  // signed in already (a reload, a deep link): the shell's and the screen's chunks load while
  // `/api/auth/me` is answered, not one after the other once it has been
  useEffect(() => {
    if (!tokenStore.get() || pathname === '/login') return;
    if (!preloadScreen(pathname)?.fullScreen) Shell.preload().catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the first page only: later ones are the menu's
  }, []);
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1677ff' } }}>
        <AntApp>
          <AuthProvider>
            <SetupGate>
              <Routes>
                <Route path="/login" element={<Login />} />
                {/* full-screen screens (the till): signed in and permitted, without the shell */}
                {MENU.flatMap((g) => g.screens)
                  .filter((s) => s.fullScreen)
                  .map((s) => (
                    <Route
                      key={s.path}
                      path={s.path}
                      element={
                        <RequireAuth>
                          <Guarded permission={s.permission}>
                            <s.component />
                          </Guarded>
                        </RequireAuth>
                      }
                    />
                  ))}
                <Route
                  element={
                    <RequireAuth>
                      <Suspense fallback={<Loading />}>
                        <Shell />
                      </Suspense>
                    </RequireAuth>
                  }
                >
                  <Route
                    index
                    element={
                      <Guarded>
                        <Home />
                      </Guarded>
                    }
                  />
                  {MENU.flatMap((g) => g.screens)
                    .filter((s) => !s.fullScreen)
                    .map((s) => (
                      <Route
                        key={s.path}
                        path={s.path}
                        element={
                          <Guarded permission={s.permission}>
                            <s.component />
                          </Guarded>
                        }
                      />
                    ))}
                  <Route path="*" element={<Result status="404" title="404" />} />
                </Route>
              </Routes>
            </SetupGate>
          </AuthProvider>
        </AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}
