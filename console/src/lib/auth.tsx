import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api, ok, setUnauthorizedHandler, tokenStore } from './api';

/** The signed-in user as `GET /api/auth/me` describes it. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  orgUnit: { id: string; code: string; name: string; kind: 'hq' | 'store' };
  roles: string[];
  permissions: string[];
  mustChangePassword: boolean;
}

interface AuthState {
  token: string | null;
  me: Me | undefined;
  loading: boolean;
  login(username: string, password: string): Promise<void>;
  /** Continue with a sign-in made elsewhere (the till's lock screen checks who signs in before it takes the token). */
  adopt(accessToken: string): void;
  logout(): Promise<void>;
  can(permission: string): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState(tokenStore.get());
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const endSession = useCallback(() => {
    tokenStore.clear();
    setToken(null);
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      endSession();
      const here = window.location.pathname + window.location.search;
      void navigate(`/login?expired=1${here !== '/' && !here.startsWith('/login') ? `&next=${encodeURIComponent(here)}` : ''}`, { replace: true });
    });
  }, [endSession, navigate]);

  const meQuery = useQuery({
    queryKey: ['me', token],
    enabled: !!token,
    queryFn: async () => ok<Me>(await api.GET('/api/auth/me')),
    staleTime: 60_000,
  });

  const value = useMemo<AuthState>(
    () => ({
      token,
      me: meQuery.data,
      loading: !!token && meQuery.isPending,
      async login(username, password) {
        const res = ok<{ accessToken: string }>(await api.POST('/api/auth/login', { body: { username, password } }));
        tokenStore.set(res.accessToken);
        setToken(res.accessToken);
      },
      adopt(accessToken) {
        tokenStore.set(accessToken);
        setToken(accessToken);
      },
      async logout() {
        // the server ends this sign-in for good (a copied token stops working too); leave even if it fails
        await api.POST('/api/auth/logout', {}).catch(() => undefined);
        endSession();
        void navigate('/login', { replace: true });
      },
      can: (p) => !!meQuery.data?.permissions.includes(p),
    }),
    [token, meQuery.data, meQuery.isPending, endSession, navigate],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
