import { reactive } from 'vue';
import { authApi } from '@/api/auth';
import { setCsrfToken } from '@/api/http';
import type { Me, SessionAnswer } from '@/api/types';

interface SessionState {
  me: Me | null;
  /** True once /api/auth/me has answered (signed in or not). */
  checked: boolean;
}

const state = reactive<SessionState>({ me: null, checked: false });

/** Read it anywhere; change it only through the functions below. */
export const session = state;

function accept(answer: SessionAnswer): Me {
  state.me = answer.user;
  state.checked = true;
  setCsrfToken(answer.csrfToken ?? '');
  return answer.user;
}

export function clearSession(): void {
  // Per-tab UI memory (the selected territory node …) belongs to the signed-in user.
  sessionStorage.clear();
  state.me = null;
  state.checked = true;
  setCsrfToken('');
}

/** Asks the server who we are; null when there is no valid session. */
export async function loadSession(): Promise<Me | null> {
  try {
    return accept(await authApi.me());
  } catch {
    clearSession();
    return null;
  }
}

export async function signIn(username: string, password: string): Promise<Me> {
  return accept(await authApi.login(username, password));
}

export async function signOut(everywhere = false): Promise<void> {
  try {
    await (everywhere ? authApi.logoutAll() : authApi.logout());
  } finally {
    clearSession();
  }
}

export function can(permission: string | undefined): boolean {
  if (!permission) return true;
  return state.me?.permissions.includes(permission) ?? false;
}

/**
 * Settings of the whole deployment (categories, calendar, office hours, level names, tag catalogue,
 * base map, webhooks) are changed only by a deployment-wide administrator; the server refuses anyone
 * else (DEPLOYMENT_ADMIN_ONLY), and the console does not offer them the controls.
 */
export function canConfigureDeployment(permission: string | undefined): boolean {
  return can(permission) && state.me?.scopeAll === true;
}
