// `npm run bench:field`: the grid worker's field app (/m/) in Chromium on a phone (390×844, touch),
// against a seeded server of its own that serves /m/ too (the e2e harness: fresh data folder, demo
// street, the web pages built and compressed when stale).
//
//   report_taps/_seconds   随手拍 from 我的工作: taps (clicks, field focuses and selections; typing
//                          into one field is one tap; choosing a photo is one) and wall seconds with
//                          no thinking time, the category from the recent chips
//   fix_taps/_seconds      现场解决 from its entry on 我的工作 (the same form, its switch already on)
//   verify_taps/_seconds   核查通过 of a handled case with a photo, from 我的工作
//   visit_taps/_seconds    a visit log (走访) from the 五必访 list of 我的工作 (or through 住户 search
//                          when none is due)
//   sync_offline_1000_s    1,000 diary notes queued with no network, then the time from reconnecting
//                          until the outbox is empty (strictly in order, one request at a time)
//   sync_online_1000_s     the same 1,000 writes sent online by plain fetch one after another
//                          (what the server costs without the outbox)
//   sync_lost/_duplicates  notes of the 1,000 queued ones missing on the server / there twice
//   first_load_slow4g_s    a first visit of /m/ (no cache, no service worker) on Chromium's emulated
//                          slow 4G (150 ms RTT, 1.6 Mbps down, 750 kbps up) until the sign-in form shows
//   first_load_js_kb       compressed JavaScript downloaded by that visit until the form shows, as the
//                          server sends it (the build's brotli copies, scripts/compress-dist.mjs);
//                          precache_js_kb: the scripts the service worker precaches for offline use (compressed)
// Goal: ≤ 5 taps per task. The last line is one JSON object.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { gradientPng } from '../server/src/seed/gradient-png.js';
import { FIELD_DIST, INITIAL_PASSWORD, apiAs, fieldSignIn, openField, pointInGrid, seedOutbox, waitForServiceWorker } from '../e2e/field-harness.js';
import { runBench } from './run.js';

const photo = { name: '现场.png', mimeType: 'image/png', buffer: gradientPng(64, 48) };

/** Counts what the worker does. */
class Taps {
  n = 0;
  async tap(l: Locator) {
    this.n++;
    await l.click();
  }
  async type(l: Locator, text: string) {
    this.n++;
    await l.fill(text);
  }
  async pick(l: Locator) {
    this.n++;
    await l.setInputFiles(photo);
  }
}

async function timed(page: Page, run: (t: Taps) => Promise<void>): Promise<{ taps: number; seconds: number }> {
  await page.goto('/m/');
  await page.getByTestId('m-me').waitFor();
  const t = new Taps();
  const started = performance.now();
  await run(t);
  return { taps: t.n, seconds: Math.round((performance.now() - started) / 10) / 100 };
}

async function outboxCount(page: Page): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const req = indexedDB.open('civicgrid-field');
    req.onsuccess = () => { const db = req.result; const c = db.transaction('outbox').objectStore('outbox').count(); c.onsuccess = () => { resolve(c.result); db.close(); }; };
    req.onerror = () => resolve(-1);
  })`);
}

/** Waits until nothing waits; fails naming what the server refused or found in conflict. */
async function settle(page: Page): Promise<void> {
  await page.goto('/m/outbox');
  await page.getByTestId('m-waiting').waitFor({ state: 'detached', timeout: 60_000 });
  const problems = await page.locator('[data-testid=m-refused-item], [data-testid=m-conflict]').allTextContents();
  if (problems.length) throw new Error(`not accepted: ${problems.join(' | ')}`);
}

async function waitEmpty(page: Page, limitMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if ((await outboxCount(page)) === 0) return (performance.now() - started) / 1000;
    await page.waitForTimeout(100);
  }
  throw new Error('the outbox did not empty in time');
}

runBench('bench:field', 30, async () => {
  const field = await openField('bench-field');
  try {
    const phone = await field.phone('bench phone');
    await fieldSignIn(phone, 'gridworker', 'Bench2026grid');
    await waitForServiceWorker(phone);
    await phone.getByTestId('m-snapshot-at').filter({ hasText: '数据更新于' }).waitFor({ timeout: 60_000 });
    const leader = await apiAs(field.server.baseUrl, 'leader', INITIAL_PASSWORD, 'Command2026bench');
    await phone.context().setGeolocation(await pointInGrid(leader, '通信花园社区第一网格'));

    // A first report (not measured) makes its category a recent one, as on any working day.
    await phone.getByTestId('tab-report').click();
    await phone.getByTestId('report-photo-input').setInputFiles(photo);
    await phone.getByTestId('report-gps').click();
    await phone.getByTestId('report-place').waitFor();
    await phone.getByTestId('report-category-search').fill('井盖');
    await phone.getByTestId('report-category-option').first().click();
    await phone.getByTestId('report-submit').click();
    await phone.getByTestId('report-saved').waitFor();
    await settle(phone);
    await phone.goto('/m/');
    await phone.getByTestId('m-refresh').click();
    await phone.getByTestId('m-snapshot-at').filter({ hasText: '数据更新于' }).waitFor();
    await phone.waitForTimeout(500);

    // 随手拍 through its tab; 现场解决 through its own entry on 我的工作, which opens the form with the switch on.
    const reportTask = (fix: boolean) => async (t: Taps) => {
      await t.tap(phone.getByTestId(fix ? 'm-quick-fix' : 'tab-report'));
      await t.pick(phone.getByTestId('report-photo-input'));
      await t.tap(phone.getByTestId('report-gps'));
      await phone.getByTestId('report-place').waitFor();
      await t.tap(phone.getByTestId('report-recent-category').first());
      if (fix && !(await phone.getByTestId('report-fix-on-spot').isChecked())) throw new Error('the 现场解决 entry opened the form with its switch off');
      await t.tap(phone.getByTestId('report-submit'));
      await phone.getByTestId('report-saved').waitFor();
    };
    const report = await timed(phone, reportTask(false));
    const fix = await timed(phone, reportTask(true));

    const verify = await timed(phone, async (t) => {
      await t.tap(phone.getByTestId('m-verify-row').first());
      await t.pick(phone.getByTestId('m-verify-photo'));
      await phone.locator('.thumb img').first().waitFor();
      await t.tap(phone.getByTestId('m-verify-pass'));
      await phone.getByTestId('m-me').waitFor();
    });

    const due = await phone.getByTestId('m-visit-due-row').count();
    const visit = await timed(phone, async (t) => {
      if (due > 0) {
        await t.tap(phone.getByTestId('m-visit-due-row').first());
      } else {
        await t.tap(phone.getByTestId('tab-residents'));
        await t.tap(phone.getByTestId('m-household-row').first());
        await t.tap(phone.getByTestId('m-log-visit'));
      }
      await t.type(phone.getByTestId('m-visit-findings'), '入户走访，老人身体尚可，无新诉求。');
      await t.tap(phone.getByTestId('m-visit-save'));
      await phone.getByTestId('m-household-card').waitFor();
    });
    await settle(phone);
    console.log(`taps (seconds): report ${report.taps} (${report.seconds}), 现场解决 ${fix.taps} (${fix.seconds}), verify ${verify.taps} (${verify.seconds}), visit ${visit.taps} (${visit.seconds})${due ? '' : ' via 住户 search'}`);

    // 1,000 writes: queued offline and sent after reconnecting, beside the same sent online directly.
    const gw = await apiAs(field.server.baseUrl, 'gridworker', 'Bench2026grid');
    const notes = (tag: string) => Array.from({ length: 1000 }, (_, n) => ({ kind: 'diary', title: `民情日记 ${n + 1}`, method: 'POST' as const, path: '/api/field/diary', body: { text: `${tag} 第${n + 1}条：居民反映楼道灯不亮` } }));
    const offTag = `离线${Date.now().toString(36)}`;
    await phone.context().setOffline(true);
    await seedOutbox(phone, notes(offTag));
    await phone.reload();
    await phone.getByTestId('m-waiting-item').first().waitFor();
    await phone.context().setOffline(false);
    const syncOffline = await waitEmpty(phone, 600_000);

    const onTag = `在线${Date.now().toString(36)}`;
    const syncOnline = (await phone.evaluate(
      `(async (actions) => {
        const csrf = (document.cookie.match(/(?:^|; )cg_csrf=([^;]+)/) || [])[1] || '';
        const started = performance.now();
        for (const a of actions) {
          const res = await fetch(a.path, { method: a.method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf), 'Idempotency-Key': crypto.randomUUID(), 'X-Client-Time': new Date().toISOString() }, body: JSON.stringify(a.body) });
          if (!res.ok) throw new Error('online send: ' + res.status);
        }
        return (performance.now() - started) / 1000;
      })(${JSON.stringify(notes(onTag))})`,
    )) as number;

    const texts: string[] = [];
    for (let page = 1; ; page++) {
      const got = await gw.call<{ items: { text: string }[] }>('GET', `/api/field/diary?page=${page}&pageSize=200`);
      texts.push(...got.data.items.map((n) => n.text));
      if (got.data.items.length < 200) break;
    }
    const queued = texts.filter((x) => x.startsWith(offTag));
    const lost = 1000 - new Set(queued).size;
    const duplicates = queued.length - new Set(queued).size;
    console.log(`1,000 writes: queued offline, synced ${syncOffline.toFixed(1)} s after reconnecting (lost ${lost}, duplicated ${duplicates}); sent online directly ${syncOnline.toFixed(1)} s`);

    // First visit on slow 4G: a fresh phone, no cache, no service worker yet.
    const fresh = await field.phone('bench first visit');
    const cdp = await fresh.context().newCDPSession(fresh);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
    const scripts = new Map<string, boolean>();
    let loaded = false;
    let firstJs = 0;
    cdp.on('Network.responseReceived', (e: { requestId: string; type: string; response: { url: string; mimeType: string } }) => {
      if (e.type === 'Script' || /javascript/.test(e.response.mimeType)) scripts.set(e.requestId, true);
    });
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      if (!scripts.has(e.requestId) || loaded) return;
      firstJs += e.encodedDataLength;
    });
    const started = performance.now();
    await fresh.goto('/m/');
    await fresh.getByTestId('m-login-username').waitFor({ timeout: 120_000 });
    const firstLoad = (performance.now() - started) / 1000;
    loaded = true;
    await waitForServiceWorker(fresh).catch(() => {});
    await fresh.waitForTimeout(3000);
    // The service worker's own downloads are not the page's (CDP does not show them): its precache
    // list is in sw.js, and each script is sent as its .br file (scripts/compress-dist.mjs).
    const precached = [...readFileSync(path.join(FIELD_DIST, 'sw.js'), 'utf8').matchAll(/url:"([^"]+\.js)"/g)].map((m) => path.join(FIELD_DIST, m[1]!));
    const precacheJs = precached.reduce((sum, file) => sum + statSync(existsSync(`${file}.br`) ? `${file}.br` : file).size, 0);
    console.log(`first visit on slow 4G: ${firstLoad.toFixed(2)} s to the sign-in form, ${(firstJs / 1024).toFixed(1)} KB of compressed JS; the service worker precaches ${precached.length} scripts, ${(precacheJs / 1024).toFixed(1)} KB compressed, for offline use`);

    console.log(
      JSON.stringify({
        report_taps: report.taps,
        report_seconds: report.seconds,
        fix_taps: fix.taps,
        fix_seconds: fix.seconds,
        verify_taps: verify.taps,
        verify_seconds: verify.seconds,
        visit_taps: visit.taps,
        visit_seconds: visit.seconds,
        sync_offline_1000_s: Math.round(syncOffline * 10) / 10,
        sync_online_1000_s: Math.round(syncOnline * 10) / 10,
        sync_lost: lost,
        sync_duplicates: duplicates,
        first_load_slow4g_s: Math.round(firstLoad * 100) / 100,
        first_load_js_kb: Math.round(firstJs / 102.4) / 10,
        precache_js_kb: Math.round(precacheJs / 102.4) / 10,
      }),
    );
  } finally {
    await field.close();
  }
});
