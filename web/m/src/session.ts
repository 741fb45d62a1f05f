// Who is signed in. The last `me` is kept in IndexedDB, so with no signal the app opens signed in
// (the cookie session is checked again whenever there is a network). Signing out wipes the phone:
// every IndexedDB database and every cache holding the worker's data.
import { reactive } from 'vue';
import { ApiError, api, setCsrfToken } from './api';
import { db, kvGet, kvSet } from './db';
import { forgetSnapshot, refreshSnapshot } from './data';
import { resumeAfterSignIn } from './outbox';

export interface Me {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  permissions: string[];
  mustChangePassword: boolean;
  scopes: { orgUnitId: number; name: string; code: string | null }[];
}

interface SessionAnswer {
  user: Me;
  csrfToken?: string;
}

export const session = reactive({ me: null as Me | null, checked: false, offline: false });

async function accept(answer: SessionAnswer): Promise<Me> {
  session.me = answer.user;
  session.checked = true;
  setCsrfToken(answer.csrfToken ?? '');
  await kvSet('me', answer.user);
  return answer.user;
}

/** At start: the stored `me` at once, then the server's answer when there is a network. */
export async function loadSession(): Promise<Me | null> {
  const stored = await kvGet<Me>('me');
  if (stored) session.me = stored;
  if (stored && !navigator.onLine) {
    // No network: open signed in with what the phone knows; the session is checked once online.
    session.offline = true;
    session.checked = true;
    return session.me;
  }
  try {
    await accept(await api<SessionAnswer>('GET', '/api/auth/me'));
    session.offline = false;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      // The session ended: sign in again; what waits in the outbox stays.
      session.me = null;
    } else {
      session.offline = true;
    }
  }
  session.checked = true;
  return session.me;
}

export async function signIn(username: string, password: string): Promise<Me> {
  const me = await accept(await api<SessionAnswer>('POST', '/api/auth/login', { username, password }));
  if (!me.mustChangePassword) afterSignIn();
  return me;
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api<void>('POST', '/api/auth/password', { currentPassword, newPassword });
  // Changing the password ends the other sessions and may renew this one's token: ask again.
  await accept(await api<SessionAnswer>('GET', '/api/auth/me'));
  afterSignIn();
}

function afterSignIn(): void {
  resumeAfterSignIn();
  void refreshSnapshot();
}

/** Wipes every IndexedDB database and cache of the app; the app shell's precache stays (no personal data). */
export async function wipePhone(): Promise<void> {
  db.close();
  const names = typeof indexedDB.databases === 'function' ? (await indexedDB.databases()).map((d) => d.name).filter((n): n is string => !!n) : [db.name];
  for (const name of names) {
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
  }
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) if (!name.startsWith('workbox-precache')) await caches.delete(name);
  }
  sessionStorage.clear();
}

export async function signOut(): Promise<void> {
  try {
    await api<void>('POST', '/api/auth/logout');
  } catch {
    // Offline: the phone is wiped anyway; the server session ends by itself (12 h).
  }
  await wipePhone();
  forgetSnapshot();
  setCsrfToken('');
  session.me = null;
  // A fresh page: the database objects of this one point at what was deleted.
  location.assign('/m/login');
}
