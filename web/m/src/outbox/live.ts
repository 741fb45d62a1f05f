// The outbox as the screens see it: live lists (Dexie liveQuery, also across tabs) and the badge count.
import { liveQuery } from 'dexie';
import { computed, onScopeDispose, shallowRef } from 'vue';
import { db, type OutboxItem, type SentItem } from '../db';

const items = shallowRef<OutboxItem[]>([]);
const sent = shallowRef<SentItem[]>([]);
let watching = 0;
let subs: { unsubscribe(): void }[] = [];

function watch(): void {
  if (watching++ > 0) return;
  subs = [
    liveQuery(() => db.outbox.orderBy('seq').toArray()).subscribe({ next: (v) => (items.value = v), error: () => {} }),
    liveQuery(() => db.sent.orderBy('id').reverse().limit(30).toArray()).subscribe({ next: (v) => (sent.value = v), error: () => {} }),
  ];
}

function unwatch(): void {
  if (--watching > 0) return;
  for (const s of subs) s.unsubscribe();
  subs = [];
}

export function useOutbox() {
  watch();
  onScopeDispose(unwatch);
  return {
    items,
    sent,
    waiting: computed(() => items.value.filter((i) => i.status === 'waiting')),
    conflicts: computed(() => items.value.filter((i) => i.status === 'conflict')),
    refused: computed(() => items.value.filter((i) => i.status === 'refused')),
    count: computed(() => items.value.length),
  };
}
