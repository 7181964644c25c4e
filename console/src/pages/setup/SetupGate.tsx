import { useQuery } from '@tanstack/react-query';
import { Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { ApiError } from '../../lib/api';
import { storeApi } from '../../lib/storeApi';

const SetupWizard = lazy(() => import('./SetupWizard'));

/**
 * A store server never set up (`GET /api/setup` → not initialised) shows 门店系统初始化 instead of
 * the login; HQ answers that path with a 404 and goes straight on.
 */
export function SetupGate({ children }: { children: ReactNode }) {
  const state = useQuery({
    queryKey: ['setup-state'],
    queryFn: async () => {
      try {
        return (await storeApi.GET('/api/setup')).data as unknown as { initialised: boolean };
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return { initialised: true }; // HQ
        throw e;
      }
    },
    staleTime: Infinity,
    retry: 1,
  });
  const spin = <Spin style={{ display: 'block', margin: '120px auto' }} size="large" />;
  if (state.isPending) return spin;
  if (state.data && !state.data.initialised) {
    return (
      <Suspense fallback={spin}>
        <SetupWizard onFinished={() => void state.refetch()} />
      </Suspense>
    );
  }
  return <>{children}</>;
}
