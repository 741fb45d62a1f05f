import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import * as ElementPlusIcons from '@element-plus/icons-vue';
import 'element-plus/dist/index.css';
import './styles/main.css';
import App from './App.vue';
import { i18n, currentLocale } from './i18n';
import { router } from './router';

document.documentElement.lang = currentLocale();

const app = createApp(App);
app.use(ElementPlus);
// Registered globally so the route table can name menu icons by string.
for (const [name, component] of Object.entries(ElementPlusIcons)) app.component(name, component);
app.use(i18n);
app.use(router);
app.mount('#app');
