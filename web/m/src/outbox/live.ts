// The outbox as the screens see it (Dexie liveQuery, also across tabs). What is read on every change
// stays small while hundreds of actions are being sent: counts, the first 100 waiting, the conflicts
// and refusals, and per screen only the actions of its own kind.
import { liveQuery } from 'dexie';
import { computed, onScopeDispose, readonly, ref, shallowRef, type Ref } from 'vue';
import { db, type ActionKind, type OutboxItem, type SentItem } from '../db';

const SHOWN = 100;
const counts = shallowRef({ waiting: 0, conflict: 0, refused: 0 });
const head = shallowRef<OutboxItem[]>([]);
const problems = shallowRef<OutboxItem[]>([]);
const sent = shallowRef<SentItem[]>([]);
let watching = 0;
let subs: { unsubscribe(): void }[] = [];

function subscribe<T>(query: () => Promise<T>, into: Ref<T>) {
  return liveQuery(query).subscribe({ next: (v) => (into.value = v), error: () => {} });
}

function watch(): void {
  if (watching++ > 0) return;
  subs = [
    subscribe(async () => {
      const [waiting, conflict, refused] = await Promise.all(['waiting', 'conflict', 'refused'].map((s) => db.outbox.where('status').equals(s).count()));
      return { waiting: waiting!, conflict: conflict!, refused: refused! };
    }, counts),
    subscribe(() => db.outbox.where('status').equals('waiting').limit(SHOWN).toArray(), head),
    subscribe(() => db.outbox.where('status').anyOf('conflict', 'refused').sortBy('seq'), problems),
    subscribe(() => db.sent.orderBy('id').reverse().limit(30).toArray(), sent),
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
    sent,
    /** The first 100 waiting, in sending order. */
    waiting: head,
    waitingCount: computed(() => counts.value.waiting),
    conflicts: computed(() => problems.value.filter((i) => i.status === 'conflict')),
    refused: computed(() => problems.value.filter((i) => i.status === 'refused')),
    /** Everything not yet done: the badge. */
    count: computed(() => counts.value.waiting + counts.value.conflict + counts.value.refused),
  };
}

/** The actions of one kind still on the phone (a screen's own: visits of a household, diary notes). */
export function useOutboxKind(kind: ActionKind): Ref<OutboxItem[]> {
  const items = shallowRef<OutboxItem[]>([]);
  const sub = subscribe(() => db.outbox.where('kind').equals(kind).sortBy('seq'), items);
  onScopeDispose(() => sub.unsubscribe());
  return items;
}

/** Whether the phone has a network now (the browser's online/offline events), for as long as the caller lives. */
export function useOnline(): Readonly<Ref<boolean>> {
  const online = ref(typeof navigator === 'undefined' || navigator.onLine !== false);
  const update = () => (online.value = navigator.onLine !== false);
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  onScopeDispose(() => {
    window.removeEventListener('online', update);
    window.removeEventListener('offline', update);
  });
  return readonly(online);
}
