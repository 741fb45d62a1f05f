// How every field form ends (核查, 走访, 户籍变动): the action goes to the outbox, to be sent when there
// is a network; the worker reads 已保存，待发送 and is back on the page they came from.
import { useRouter, type RouteLocationRaw } from 'vue-router';
import { t } from '../i18n';
import { enqueue, type FieldAction } from '../outbox';
import { toast } from '../toast';

/** Call in setup; the function it gives queues an action, tells the worker and leaves the form for `to`. */
export function useQueueAndLeave(): (action: FieldAction, to: RouteLocationRaw) => Promise<void> {
  const router = useRouter();
  return async (action, to) => {
    await enqueue(action);
    toast(t('common.saved'));
    await router.replace(to);
  };
}
