// The resident pages' entry (web/resident.html, served for /r/…): a phone that scans a grid's QR
// code loads Vue, the router, the resident texts and the few Element Plus components these pages
// use, each with its own styles — not the console (web/src/main.ts) with all of Element Plus.
import { createApp } from 'vue';
import { ElAlert, ElButton, ElIcon, ElInput, ElTag, ElTimeline, ElTimelineItem } from 'element-plus';
import 'element-plus/es/components/alert/style/css';
import 'element-plus/es/components/button/style/css';
import 'element-plus/es/components/icon/style/css';
import 'element-plus/es/components/input/style/css';
import 'element-plus/es/components/tag/style/css';
import 'element-plus/es/components/timeline/style/css';
import 'element-plus/es/components/timeline-item/style/css';
import './styles/main.css';
import { RouterView } from 'vue-router';
import { currentLocale, i18n } from './pages/resident/i18n';
import { router } from './pages/resident/router';

document.documentElement.lang = currentLocale();

const app = createApp(RouterView);
for (const component of [ElAlert, ElButton, ElIcon, ElInput, ElTag, ElTimeline, ElTimelineItem]) app.use(component);
app.use(i18n);
app.use(router);
app.mount('#app');
