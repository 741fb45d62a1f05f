import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { session } from './session';
import WorkPage from './pages/WorkPage.vue';

// The quick-report form, the map and the patrol page are helper "report"'s (web/m/src/report,
// map, patrol); this router only names them. Everything but the home screen loads on first use.
const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
  { path: '/change-password', name: 'changePassword', component: () => import('./pages/ChangePasswordPage.vue'), meta: { public: true } },
  { path: '/', name: 'work', component: WorkPage, meta: { tab: 'work' } },
  { path: '/report', name: 'report', component: () => import('./report/ReportPage.vue'), meta: { tab: 'report' } },
  { path: '/cases/:id/verify', name: 'verify', component: () => import('./pages/VerifyPage.vue'), meta: { tab: 'work' } },
  { path: '/residents', name: 'residents', component: () => import('./pages/ResidentsPage.vue'), meta: { tab: 'residents' } },
  { path: '/residents/:id', name: 'household', component: () => import('./pages/HouseholdPage.vue'), meta: { tab: 'residents' } },
  { path: '/residents/:id/visit', name: 'visit', component: () => import('./pages/VisitPage.vue'), meta: { tab: 'residents' } },
  { path: '/residents/:id/change', name: 'change', component: () => import('./pages/ChangePage.vue'), meta: { tab: 'residents' } },
  { path: '/diary', name: 'diary', component: () => import('./pages/DiaryPage.vue'), meta: { tab: 'work' } },
  { path: '/patrol', name: 'patrol', component: () => import('./patrol/PatrolPage.vue'), meta: { tab: 'patrol' } },
  { path: '/outbox', name: 'outbox', component: () => import('./pages/OutboxPage.vue'), meta: { tab: 'outbox' } },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory('/m/'), routes, scrollBehavior: () => ({ top: 0 }) });

router.beforeEach((to) => {
  if (to.meta.public) return true;
  if (!session.me) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  if (session.me.mustChangePassword) return { name: 'changePassword' };
  return true;
});
