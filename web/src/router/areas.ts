import type { RouteRecordRaw } from 'vue-router';
import { P } from './permissions';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the menu entry, breadcrumb and page title. */
    titleKey?: string;
    /** Name of an icon from @element-plus/icons-vue. */
    icon?: string;
    /** Shown and reachable only when me.permissions includes it. */
    permission?: string;
    /** i18n key of the menu group the entry sits in (a sub-menu). */
    groupKey?: string;
    /** Reachable without signing in (resident portal, later). */
    public?: boolean;
    /** Not listed in the menu. */
    hidden?: boolean;
    /** A page of deployment-wide settings only: shown and reachable for a deployment-wide administrator. */
    deploymentWide?: boolean;
  }
}

/**
 * The console's areas, in menu order. A new area is one line here: its menu entry, breadcrumb,
 * permission check and lazy-loaded page all follow from it.
 */
export const consoleAreas: RouteRecordRaw[] = [
  { path: 'overview', name: 'overview', component: () => import('@/pages/overview/OverviewPage.vue'), meta: { titleKey: 'layout.menu.overview', icon: 'DataAnalysis' } },
  { path: 'territory', name: 'territory', component: () => import('@/pages/territory/TerritoryPage.vue'), meta: { titleKey: 'layout.menu.territory', icon: 'MapLocation', permission: P.territoryRead } },
  { path: 'map', name: 'map', component: () => import('@/pages/map/MapPage.vue'), meta: { titleKey: 'layout.menu.map', icon: 'Location', permission: P.territoryRead } },
  { path: 'register', name: 'register', component: () => import('@/pages/register/RegisterSearchPage.vue'), meta: { titleKey: 'layout.menu.registerSearch', icon: 'Search', permission: P.registerRead, groupKey: 'layout.group.register' } },
  { path: 'register-persons', name: 'register-persons', component: () => import('@/pages/register/PersonsPage.vue'), meta: { titleKey: 'layout.menu.registerPersons', icon: 'User', permission: P.registerRead, groupKey: 'layout.group.register' } },
  { path: 'register-dwellings', name: 'register-dwellings', component: () => import('@/pages/register/DwellingsPage.vue'), meta: { titleKey: 'layout.menu.registerDwellings', icon: 'House', permission: P.registerRead, groupKey: 'layout.group.register' } },
  { path: 'register-places', name: 'register-places', component: () => import('@/pages/register/PlacesPage.vue'), meta: { titleKey: 'layout.menu.registerPlaces', icon: 'Shop', permission: P.registerRead, groupKey: 'layout.group.register' } },
  { path: 'register-rentals', name: 'register-rentals', component: () => import('@/pages/register/RentalsPage.vue'), meta: { titleKey: 'register.menu.rentals', icon: 'Key', permission: P.registerRead, groupKey: 'layout.group.register' } },
  { path: 'register-components', name: 'register-components', component: () => import('@/pages/register/ComponentsPage.vue'), meta: { titleKey: 'layout.menu.registerComponents', icon: 'Guide', permission: P.registerRead, groupKey: 'layout.group.register' } },
  { path: 'register-visits', name: 'register-visits', component: () => import('@/pages/register/VisitsPage.vue'), meta: { titleKey: 'layout.menu.registerVisits', icon: 'Bell', permission: P.registerRead, groupKey: 'layout.group.register' } },
  { path: 'register-coverage', name: 'register-coverage', component: () => import('@/pages/register/CoveragePage.vue'), meta: { titleKey: 'layout.menu.registerCoverage', icon: 'DataAnalysis', permission: P.registerRead, groupKey: 'layout.group.register' } },
  { path: 'register-households/:id(\\d+)', name: 'register-household', component: () => import('@/pages/register/HouseholdPage.vue'), meta: { titleKey: 'layout.menu.registerHousehold', permission: P.registerRead, groupKey: 'layout.group.register', hidden: true } },
  { path: 'cases/new', name: 'case-report', component: () => import('@/pages/cases/ReportPage.vue'), meta: { titleKey: 'cases.menu.report', icon: 'EditPen', permission: P.caseReport, groupKey: 'cases.menu.group' } },
  { path: 'cases', name: 'case-console', component: () => import('@/pages/cases/ConsolePage.vue'), meta: { titleKey: 'cases.menu.console', icon: 'Tickets', permission: P.caseRead, groupKey: 'cases.menu.group' } },
  { path: 'cases/inbox', name: 'case-inbox', component: () => import('@/pages/cases/InboxPage.vue'), meta: { titleKey: 'cases.menu.inbox', icon: 'Finished', permission: P.caseHandle, groupKey: 'cases.menu.group' } },
  // The menu entry of the full-screen board (a standalone route below).
  { path: 'command-board', name: 'case-board-entry', redirect: { name: 'case-board' }, meta: { titleKey: 'cases.menu.board', icon: 'Monitor', permission: P.caseRead, groupKey: 'cases.menu.group' } },
  { path: 'cases/:id(\\d+)', name: 'case-detail', component: () => import('@/pages/cases/CasePage.vue'), meta: { titleKey: 'cases.menu.detail', permission: P.caseRead, groupKey: 'cases.menu.group', hidden: true } },
  { path: 'proxy/requests', name: 'proxy-requests', component: () => import('@/pages/proxy/ProxyRequestsPage.vue'), meta: { titleKey: 'proxy.menu.requests', icon: 'Suitcase', permission: P.proxyFile, groupKey: 'proxy.menu.group' } },
  { path: 'proxy/requests/:id(\\d+)', name: 'proxy-request', component: () => import('@/pages/proxy/ProxyRequestPage.vue'), meta: { titleKey: 'proxy.menu.request', permission: P.proxyRead, groupKey: 'proxy.menu.group', hidden: true } },
  { path: 'proxy-items', name: 'proxy-items', component: () => import('@/pages/proxy/ProxyItemsPage.vue'), meta: { titleKey: 'proxy.menu.items', icon: 'Notebook', permission: P.proxyRead, groupKey: 'proxy.menu.group' } },
  { path: 'proxy-figures', name: 'proxy-figures', component: () => import('@/pages/proxy/ProxyFiguresPage.vue'), meta: { titleKey: 'proxyFigures.menu.figures', icon: 'DataAnalysis', permission: P.proxyRead, groupKey: 'proxy.menu.group' } },
  { path: 'community/notices', name: 'community-notices', component: () => import('@/pages/community/NoticesPage.vue'), meta: { titleKey: 'community.menu.notices', icon: 'Notification', permission: P.noticePublish, groupKey: 'community.menu.group' } },
  { path: 'community/consultations', name: 'community-consultations', component: () => import('@/pages/community/ConsultationsPage.vue'), meta: { titleKey: 'community.menu.consultations', icon: 'ChatLineSquare', permission: P.consultationAnswer, groupKey: 'community.menu.group' } },
  { path: 'community/shop', name: 'community-shop', component: () => import('@/pages/community/ShopPage.vue'), meta: { titleKey: 'community.menu.shop', icon: 'ShoppingCart', permission: P.shopManage, groupKey: 'community.menu.group' } },
  { path: 'case-config/categories', name: 'case-config-categories', component: () => import('@/pages/cases/config/CategoriesPage.vue'), meta: { titleKey: 'caseConfig.menu.categories', icon: 'Collection', permission: P.caseConfigure, groupKey: 'caseConfig.menu.group' } },
  { path: 'case-config/routing', name: 'case-config-routing', component: () => import('@/pages/cases/config/RoutingPage.vue'), meta: { titleKey: 'caseConfig.menu.routing', icon: 'Share', permission: P.caseConfigure, groupKey: 'caseConfig.menu.group' } },
  { path: 'case-config/calendar', name: 'case-config-calendar', component: () => import('@/pages/cases/config/CalendarPage.vue'), meta: { titleKey: 'caseConfig.menu.calendar', icon: 'Calendar', permission: P.caseConfigure, groupKey: 'caseConfig.menu.group' } },
  { path: 'case-config/webhooks', name: 'case-config-webhooks', component: () => import('@/pages/cases/config/WebhooksPage.vue'), meta: { titleKey: 'caseConfig.menu.webhooks', icon: 'Connection', permission: P.caseConfigure, groupKey: 'caseConfig.menu.group', deploymentWide: true } },
  { path: 'users', name: 'users', component: () => import('@/pages/users/UsersPage.vue'), meta: { titleKey: 'layout.menu.users', icon: 'User', permission: P.userRead, groupKey: 'layout.group.system' } },
  { path: 'departments', name: 'departments', component: () => import('@/pages/departments/DepartmentsPage.vue'), meta: { titleKey: 'layout.menu.departments', icon: 'OfficeBuilding', permission: P.departmentRead, groupKey: 'layout.group.system' } },
  { path: 'levels', name: 'levels', component: () => import('@/pages/levels/LevelsPage.vue'), meta: { titleKey: 'layout.menu.levels', icon: 'Operation', permission: P.levels, groupKey: 'layout.group.system' } },
  { path: 'register-tags', name: 'register-tags', component: () => import('@/pages/register/TagCataloguePage.vue'), meta: { titleKey: 'register.menu.tags', icon: 'PriceTag', permission: P.registerConfigure, groupKey: 'layout.group.system' } },
  { path: 'audit', name: 'audit', component: () => import('@/pages/audit/AuditPage.vue'), meta: { titleKey: 'layout.menu.audit', icon: 'Document', permission: P.auditRead, groupKey: 'layout.group.system' } },
  { path: 'tokens', name: 'tokens', component: () => import('@/pages/tokens/TokensPage.vue'), meta: { titleKey: 'layout.menu.tokens', icon: 'Key', groupKey: 'layout.group.account' } },
];

/**
 * Full-screen apps outside the console layout (big screen, field app, resident portal, later):
 * one line each, `meta.public: true` for pages residents open without an account. The resident
 * pages (/r/…) are their own light entry (web/resident.html, web/src/pages/resident/router.ts).
 */
export const standaloneAreas: RouteRecordRaw[] = [
  { path: '/board', name: 'case-board', component: () => import('@/pages/board/BoardPage.vue'), meta: { titleKey: 'cases.menu.board', permission: P.caseRead } },
];

/** Icons of the menu groups named by `meta.groupKey`. */
export const menuGroupIcons: Record<string, string> = {
  'layout.group.register': 'HomeFilled',
  'cases.menu.group': 'Tickets',
  'proxy.menu.group': 'Suitcase',
  'community.menu.group': 'School',
  'caseConfig.menu.group': 'SetUp',
  'layout.group.system': 'Setting',
  'layout.group.account': 'UserFilled',
};
