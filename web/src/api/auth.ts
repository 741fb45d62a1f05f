import type * as Auth from '@server-schema/auth';
import { http } from './http';
import type { ApiToken, CreatedToken, Id, Items, SessionAnswer } from './types';
import type { Wire } from './wire';

export const authApi = {
  login: (username: string, password: string) =>
    http.post<SessionAnswer>('/api/auth/login', { username, password } satisfies Wire<typeof Auth.LoginBody>, { quiet: true }),
  me: () => http.get<SessionAnswer>('/api/auth/me', undefined, { quiet: ['UNAUTHENTICATED'] }),
  logout: () => http.post<void>('/api/auth/logout'),
  logoutAll: () => http.post<void>('/api/auth/logout-all'),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<void>('/api/auth/password', { currentPassword, newPassword } satisfies Wire<typeof Auth.PasswordBody>, { quiet: true }),
  tokens: () => http.get<Items<ApiToken>>('/api/auth/tokens'),
  createToken: (name: string, expiresInDays?: number) =>
    http.post<CreatedToken>('/api/auth/tokens', (expiresInDays ? { name, expiresInDays } : { name }) satisfies Wire<typeof Auth.TokenBody>),
  revokeToken: (id: Id) => http.delete<void>(`/api/auth/tokens/${id}`),
};
