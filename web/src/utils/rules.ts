import type { FormItemRule } from 'element-plus';
import { isCleanName } from '@core/text-rules';
import { i18n } from '@/i18n';

/**
 * A person-typed name (node, person, department) passes the server's rule (core/src/text-rules.ts):
 * letters, digits, spaces inside, and the punctuation real names use. Checked here for a clear message.
 */
export function nameRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value: string, callback) => {
      const text = (value ?? '').trim();
      callback(text === '' || isCleanName(text) ? undefined : new Error(i18n.global.t('common.nameChars')));
    },
  };
}
