import { createRouter, createWebHistory } from 'vue-router';
import { onAuthProblem } from '@/api/http';
import { i18n } from '@/i18n';
import { can, canConfigureDeployment, clearSession, loadSession, session } from '@/session';
import { consoleAreas, standaloneAreas } from './areas';

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/pages/auth/LoginPage.vue'), meta: { public: true, titleKey: 'auth.signIn' } },
    { path: '/change-password', name: 'change-password', component: () => import('@/pages/auth/ChangePasswordPage.vue'), meta: { titleKey: 'auth.changePassword' } },
    { path: '/', component: () => import('@/layouts/ConsoleLayout.vue'), redirect: { name: 'overview' }, children: consoleAreas },
    ...standaloneAreas,
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue'), meta: { public: true } },
  ],
});

router.beforeEach(async (to) => {
  if (!session.checked) await loadSession();
  if (to.meta.public) return true;
  const me = session.me;
  if (!me) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (me.mustChangePassword && to.name !== 'change-password') return { name: 'change-password' };
  if (!(to.meta.deploymentWide ? canConfigureDeployment : can)(to.meta.permission)) return { name: 'overview' };
  return true;
});

router.afterEach((to) => {
  const appName = i18n.global.t('common.appName');
  document.title = to.meta.titleKey ? `${i18n.global.t(to.meta.titleKey)} · ${appName}` : appName;
});

// The server ends sessions on its own (expiry, sign-out everywhere, password change elsewhere).
onAuthProblem((code) => {
  const current = router.currentRoute.value;
  if (code === 'UNAUTHENTICATED') {
    const wasSignedIn = session.me !== null;
    clearSession();
    if (wasSignedIn && !current.meta.public) void router.replace({ name: 'login', query: { redirect: current.fullPath } });
  } else if (session.me && current.name !== 'change-password') {
    session.me.mustChangePassword = true;
    void router.replace({ name: 'change-password' });
  }
});
