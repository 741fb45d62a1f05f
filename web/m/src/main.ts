import { createApp } from 'vue';
import App from './App.vue';
import { onAuthProblem } from './api';
import { loadStoredSnapshot, refreshSnapshot } from './data';
import { locale } from './i18n';
import { kick, onDrained, outboxState, sendNow } from './outbox';
import { router } from './router';
import { loadSession, session } from './session';
import './styles.css';

document.documentElement.lang = locale.value;

onAuthProblem((code) => {
  if (code === 'UNAUTHENTICATED') {
    outboxState.authNeeded = true;
    session.me = null;
    void router.push({ name: 'login', query: { again: '1' } });
  } else void router.push({ name: 'changePassword' });
});

// After the outbox has sent everything, the server's view (cases, visits) is fetched again.
onDrained(() => void refreshSnapshot());

async function boot(): Promise<void> {
  await Promise.all([loadSession(), loadStoredSnapshot()]);
  const app = createApp(App).use(router);
  await router.isReady().catch(() => {});
  app.mount('#app');
  if (session.me && !session.me.mustChangePassword) {
    kick();
    if (!session.offline) void refreshSnapshot();
  }
  window.addEventListener('online', () => {
    void sendNow();
    void refreshSnapshot();
  });
  // A retry waiting for its backoff, or a send a closed tab left: look again now and then.
  setInterval(() => {
    if (session.me) kick();
  }, 20_000);
}

void boot();
