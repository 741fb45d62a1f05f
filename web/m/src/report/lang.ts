// The language of the quick-report, map and patrol screens: the app's own choice (zh-CN or en).
import { computed } from 'vue';
import { locale } from '@m/i18n';

export const fieldLocale = computed<'zh' | 'en'>(() => (locale.value === 'en' ? 'en' : 'zh'));
