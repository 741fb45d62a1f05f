// The resident pages' own router (web/resident.html): the URLs printed on every grid's contact card
// (/r/{gridCode}: the grid's home), its pages (report, services), sign-in, 我的 and the progress page
// (/r/track/{code}); nothing of the console.
import { createRouter, createWebHistory } from 'vue-router';
import { i18n } from './i18n';

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/r/track/:code?', name: 'resident-track', component: () => import('./TrackPage.vue'), meta: { titleKey: 'resident.title.track' } },
    { path: '/r/:gridCode/news', name: 'resident-news', component: () => import('./NewsPage.vue'), meta: { titleKey: 'community.news.title' } },
    { path: '/r/:gridCode/news/:id(\\d+)', name: 'resident-news-item', component: () => import('./NewsPage.vue'), meta: { titleKey: 'community.news.title' } },
    { path: '/r/:gridCode/ask', name: 'resident-ask', component: () => import('./AskPage.vue'), meta: { titleKey: 'community.ask.title' } },
    { path: '/r/:gridCode/shop', name: 'resident-shop', component: () => import('./ShopPage.vue'), meta: { titleKey: 'community.shop.title' } },
    { path: '/r/:gridCode/shop/order/:code?', name: 'resident-shop-order', component: () => import('./ShopOrderPage.vue'), meta: { titleKey: 'community.shop.followTitle' } },
    { path: '/r/signin', name: 'resident-signin', component: () => import('./SignInPage.vue'), meta: { titleKey: 'account.title.signin' } },
    { path: '/r/me', name: 'resident-me', component: () => import('./MePage.vue'), meta: { titleKey: 'account.title.me' } },
    { path: '/r/me/:kind(reports|requests)/:id(\\d+)', name: 'resident-me-item', component: () => import('./MyItemPage.vue'), meta: { titleKey: 'account.title.me' } },
    { path: '/r/:gridCode', name: 'resident-home', component: () => import('./HomePage.vue'), meta: { titleKey: 'account.title.home' } },
    { path: '/r/:gridCode/report', name: 'resident-report', component: () => import('./ReportPage.vue'), meta: { titleKey: 'resident.title.report' } },
    { path: '/r/:gridCode/services', name: 'resident-services', component: () => import('./ServicesPage.vue'), meta: { titleKey: 'account.title.services' } },
    // /r/ alone (a truncated QR link): the progress page, where a code can still be typed in.
    { path: '/:rest(.*)*', redirect: { name: 'resident-track' } },
  ],
});

router.afterEach((to) => {
  const title = typeof to.meta.titleKey === 'string' ? i18n.global.t(to.meta.titleKey) : '';
  const appName = i18n.global.t('common.appShortName');
  document.title = title ? `${title} · ${appName}` : appName;
});
