// The resident's phone pages in a real browser against the real server with the demo street: a
// resident scans the QR code of 通信花园社区's first grid (its report page /r/{gridCode}/report), reports a 民生诉求 and
// gets a tracking code; the progress page shows 待受理; the dispatcher 李建国 rejects it with a
// reason (through the API) and the resident reads 不予立案 with the reason. A QR code of a grid that
// does not exist says so. The report carries two photos (shrunk in the browser, one removed and
// another added) that the progress page shows. Every page, and its 长辈版 (large text), has no
// serious or critical axe-core violation. On a phone (390×844), no sign-in; no screen scrolls sideways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Page } from 'playwright-core';
import { gradientPng } from '../server/src/seed/gradient-png';
import { expectAccessible } from './axe';
import { PHONE, expectFitsPhone } from './flows';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';

let session: ConsoleSession;
let page: Page;
let gridCode = '';
let trackingCode = '';
let caseNumber = '';

const INITIAL_PASSWORD = 'CivicGrid@2026';
const NEW_PASSWORD = 'Huayuanlu2026r';
const DESCRIPTION = '通信花园社区5号楼东侧路灯连续一周不亮，晚上老人出门散步看不清台阶，希望尽快修好。';
const REJECT_REASON = '该路灯属于小区物业自管设施，已转告物业公司于本周内维修，请直接联系物业服务中心。';


/** A camera photo as a phone's album gives it: large (2400×1800), to be shrunk before upload. */
const cameraPhoto = (name: string) => ({ name, mimeType: 'image/png', buffer: gradientPng(2400, 1800) });

/** Switches 长辈版 on or off and checks the switch says so. */
async function setElder(on: boolean): Promise<void> {
  const button = page.getByTestId('resident-elder');
  if ((await button.getAttribute('aria-pressed')) !== String(on)) await button.click();
  await expect.poll(() => button.getAttribute('aria-pressed')).toBe(String(on));
}

/** The rendered size of the first element matching a selector. */
const sizeOf = (selector: string) =>
  page.locator(selector).first().evaluate((el) => {
    const g = globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } };
    const box = el.getBoundingClientRect();
    return { font: parseFloat(g.getComputedStyle(el).fontSize), height: box.height, width: box.width };
  });

/** A picture of the screen, which must fit the phone's width. */
async function shot(name: string): Promise<void> {
  await page.waitForTimeout(600);
  await page.screenshot({ path: screenshotPath(`resident-${name}`), fullPage: true });
  await expectFitsPhone(page, name);
}

type Staff = { api: APIRequestContext; csrf: string };
const staff = new Map<string, Staff>();

/** A signed-in API client for one demo user, past the forced password change (once), with its CSRF token. */
async function staffApi(username: string): Promise<Staff> {
  if (!staff.has(username)) staff.set(username, await signInApi(username));
  return staff.get(username)!;
}

async function signInApi(username: string): Promise<Staff> {
  const context = await session.browser.newContext({ baseURL: session.server.baseUrl });
  const api = context.request;
  const login = await api.post('/api/auth/login', { data: { username, password: INITIAL_PASSWORD } });
  expect(login.status()).toBe(200);
  let csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const changed = await api.post('/api/auth/password', { data: { currentPassword: INITIAL_PASSWORD, newPassword: NEW_PASSWORD }, headers: { 'X-CSRF-Token': csrf } });
  expect(changed.status()).toBe(204);
  const me = await api.get('/api/auth/me');
  if (me.status() === 200) csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
  else {
    const again = await api.post('/api/auth/login', { data: { username, password: NEW_PASSWORD } });
    csrf = ((await again.json()) as { csrfToken: string }).csrfToken;
  }
  return { api, csrf };
}

beforeAll(async () => {
  session = await openConsole('resident');
  const { api } = await staffApi('admin');
  const features = (await (await api.get('/api/geo/features')).json()) as { features: { properties: { code: string | null; level: number } }[] };
  const codes = features.features.map((f) => f.properties.code ?? '').filter((c) => c.startsWith('410105002012') && c.length === 15).sort();
  gridCode = codes[0]!;
  page = await session.newPage('resident phone', PHONE);
}, 240_000);

afterAll(() => session?.close());

describe('resident pages (/r/…)', () => {
  it('the QR code of 通信花园社区第一网格 opens the report form', async () => {
    expect(gridCode).toMatch(/^410105002012\d{3}$/);
    await page.goto(`/r/${gridCode}/report`);
    await expect.poll(() => page.getByTestId('resident-subtitle').textContent()).toContain(gridCode);
    expect(await page.getByText('网格员就在您身边').isVisible()).toBe(true);
    expect(await page.getByTestId('resident-category').count()).toBe(13);
    await shot('form');
    await expectAccessible(page, 'report form');
  });

  it('长辈版 enlarges words and targets, is remembered, and stays accessible', async () => {
    await setElder(true);
    expect(await page.getByTestId('resident-frame').getAttribute('class')).toContain('rf-elder');
    // GB/T 37668 / 适老化: body text ≥ 18 px, tap targets ≥ 48 px.
    expect((await sizeOf('[data-testid="resident-frame"]')).font).toBeGreaterThanOrEqual(18);
    const category = await sizeOf('[data-testid="resident-category"]');
    expect(category.font).toBeGreaterThanOrEqual(18);
    expect(category.height).toBeGreaterThanOrEqual(48);
    expect((await sizeOf('[data-testid="resident-submit"]')).height).toBeGreaterThanOrEqual(48);
    expect((await sizeOf('[data-testid="resident-elder"]')).height).toBeGreaterThanOrEqual(48);
    expect((await sizeOf('.rf-label')).font).toBeGreaterThan(18);
    await shot('form-elder');
    await expectAccessible(page, 'report form, 长辈版');
    await page.reload();
    await expect.poll(() => page.getByTestId('resident-elder').getAttribute('aria-pressed')).toBe('true');
    await setElder(false);
    expect(await page.getByTestId('resident-frame').getAttribute('class')).not.toContain('rf-elder');
  });

  it('a resident reports a 民生诉求 and gets a tracking code', async () => {
    await page.getByTestId('resident-submit').click();
    await expect.poll(() => page.getByTestId('resident-error').textContent()).toContain('请选择问题类别');
    await page.getByTestId('resident-category').filter({ hasText: '民生诉求' }).click();
    await page.getByTestId('resident-description').fill(DESCRIPTION);
    await page.getByTestId('resident-address').fill('5号楼东侧');
    await page.getByTestId('resident-name').fill('刘桂芳');
    await page.getByTestId('resident-phone').fill('13903712468');
    // Two photos from the album, one removed, one taken: each shrunk in the browser before it goes.
    await page.getByTestId('resident-photo-album').setInputFiles([cameraPhoto('IMG_0412.png'), cameraPhoto('IMG_0413.png')]);
    await expect.poll(() => page.getByTestId('resident-photo').count()).toBe(2);
    await page.getByRole('button', { name: '删除照片1' }).click();
    await expect.poll(() => page.getByTestId('resident-photo').count()).toBe(1);
    await page.getByTestId('resident-photo-camera').setInputFiles([cameraPhoto('IMG_0414.png')]);
    await expect.poll(() => page.getByTestId('resident-photo').count()).toBe(2);
    await shot('filled');
    await expectAccessible(page, 'filled report form with photos');
    const uploads: number[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/public/photos')) uploads.push(r.postDataBuffer()?.length ?? 0);
    });
    await page.getByTestId('resident-submit').click();
    await page.getByTestId('resident-done').waitFor();
    trackingCode = ((await page.getByTestId('resident-tracking-code').textContent()) ?? '').trim();
    expect(trackingCode).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    caseNumber = ((await page.getByTestId('resident-case-number').textContent()) ?? '').replace('案件编号', '').trim();
    expect(caseNumber).not.toBe('');
    expect(await page.getByText('请截图保存查询码').isVisible()).toBe(true);
    // Shrunk on the phone: a 2400×1800 PNG of several MB goes as a JPEG of at most 300 KB.
    expect(uploads).toHaveLength(2);
    for (const size of uploads) expect(size).toBeLessThanOrEqual(300_000);
    await shot('done');
    await expectAccessible(page, 'report done');
  });

  it('the progress page shows 待受理', async () => {
    await page.getByTestId('resident-view-progress').click();
    await page.waitForURL(new RegExp(`/r/track/${trackingCode}$`));
    await expect.poll(() => page.getByTestId('track-state').textContent()).toContain('待受理');
    expect(await page.getByTestId('track-case').textContent()).toContain(DESCRIPTION);
    expect(await page.getByTestId('track-case').textContent()).toContain('民生诉求');
    // The photos of the report, loaded (thumbnails the server made).
    await expect.poll(() => page.getByTestId('track-photo').count()).toBe(2);
    await expect
      .poll(() => page.locator('[data-testid="track-photo"] img').evaluateAll((imgs) => imgs.every((i) => (i as unknown as { complete: boolean; naturalWidth: number }).complete && (i as unknown as { naturalWidth: number }).naturalWidth > 0)))
      .toBe(true);
    await shot('track-reported');
    await expectAccessible(page, 'progress page with a case');
    await setElder(true);
    expect((await sizeOf('[data-testid="track-state"]')).height).toBeGreaterThan(0);
    expect((await sizeOf('.facts')).font).toBeGreaterThanOrEqual(18);
    await shot('track-reported-elder');
    await expectAccessible(page, 'progress page with a case, 长辈版');
    await setElder(false);
  });

  it('after the dispatcher rejects it, the resident reads 不予立案 and the reason', async () => {
    const { api, csrf } = await staffApi('dispatcher');
    const list = (await (await api.get('/api/cases', { params: { q: caseNumber } })).json()) as { items: { id: number; number: string }[] };
    const found = list.items.find((c) => c.number === caseNumber);
    expect(found).toBeDefined();
    const rejected = await api.post(`/api/cases/${found!.id}/actions/reject`, { data: { reason: REJECT_REASON }, headers: { 'X-CSRF-Token': csrf } });
    expect(rejected.status()).toBe(200);

    await page.goto('/r/track');
    await page.getByTestId('track-code').fill(trackingCode.toLowerCase());
    expect(await page.getByTestId('track-code').inputValue()).toBe(trackingCode);
    await page.getByTestId('track-search').click();
    await expect.poll(() => page.getByTestId('track-state').textContent()).toContain('不予立案');
    expect(await page.getByTestId('track-step-note').allTextContents()).toContain(REJECT_REASON);
    expect(await page.getByTestId('track-rate').count()).toBe(0);
    await shot('track-rejected');
  });

  it('switches to English: states, steps, the category and the server’s answers', async () => {
    await page.getByTestId('resident-lang').click();
    await expect.poll(() => page.getByTestId('track-state').textContent()).toContain('Rejected');
    expect(await page.getByTestId('track-category').textContent()).toBe('Daily-life request');
    const steps = await page.getByTestId('track-steps').textContent();
    expect(steps).toContain('Reported');
    expect(steps).not.toMatch(/上报|不予立案/);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    // The API is asked in the resident's language, so its error messages come in English.
    const asked = page.waitForRequest((r) => r.url().includes('/api/public/cases/'));
    await page.getByTestId('track-search').click();
    expect((await asked).headers()['accept-language']).toBe('en');
    await shot('track-en');
    await expectAccessible(page, 'progress page in English');
    await page.getByTestId('resident-lang').click();
    await expect.poll(() => page.getByTestId('track-state').textContent()).toContain('不予立案');
  });

  it('a code nobody was given says so', async () => {
    await page.goto('/r/track/ABCDEFGHJK');
    await expect.poll(() => page.getByTestId('track-error').textContent()).toContain('没有找到');
    await expectFitsPhone(page, 'track-not-found');
    await expectAccessible(page, 'progress page, unknown code');
  });

  it('a case handled and verified is rated 满意 on the progress page', async () => {
    const reported = await page.request.post('/api/public/reports', {
      data: { categoryKey: 'matter:06010', description: '通信花园社区3号楼北侧绿化带堆放装修垃圾好几天了，天热有异味。', gridCode },
      headers: { 'Idempotency-Key': '2b7c1f4e-8a90-4d35-b1c6-7e02f9a4d581' },
    });
    expect(reported.status()).toBe(201);
    const { number, trackingCode: code } = (await reported.json()) as { number: string; trackingCode: string };
    const dispatcher = await staffApi('dispatcher');
    const handler = await staffApi('handler');
    const worker = await staffApi('gridworker');
    const act = async (who: Staff, id: number, action: string, data: Record<string, unknown> = {}) => {
      const res = await who.api.post(`/api/cases/${id}/actions/${action}`, { data, headers: { 'X-CSRF-Token': who.csrf } });
      expect(res.status(), `${action}: ${await res.text()}`).toBe(200);
    };
    const list = (await (await dispatcher.api.get('/api/cases', { params: { q: number } })).json()) as { items: { id: number; number: string }[] };
    const id = list.items.find((c) => c.number === number)!.id;
    const departments = (await (await dispatcher.api.get('/api/departments')).json()) as { items: { id: number; name: string }[] };
    const cityOffice = departments.items.find((d) => d.name === '花园路街道城市管理办公室')!;
    await act(dispatcher, id, 'register');
    await act(dispatcher, id, 'dispatch', { unit: `department:${cityOffice.id}`, note: '请城管办清运' });
    await act(handler, id, 'accept');
    await act(handler, id, 'handle', { note: '已组织环卫清运装修垃圾，并告知业主装修垃圾须袋装定点堆放。' });
    const photo = await worker.api.post('/api/cases/photos', { data: gradientPng(32, 24), headers: { 'Content-Type': 'image/png', 'X-CSRF-Token': worker.csrf } });
    expect(photo.status()).toBe(201);
    await act(worker, id, 'verifyPass', { photos: [((await photo.json()) as { id: number }).id], note: '现场已清理干净' });

    await page.goto(`/r/track/${code}`);
    await expect.poll(() => page.getByTestId('track-state').textContent()).toContain('已结案');
    expect(await page.getByTestId('track-step-note').allTextContents()).toContain('已组织环卫清运装修垃圾，并告知业主装修垃圾须袋装定点堆放。');
    await page.getByTestId('track-rate-submit').click();
    await expect.poll(() => page.getByTestId('track-rate-error').textContent()).toContain('请选择满意程度');
    await page.getByTestId('track-rate-satisfied').click();
    expect(await page.getByTestId('track-rate-error').count()).toBe(0);
    await page.getByTestId('track-rate-comment').fill('清理得很及时，谢谢网格员！');
    await shot('rate');
    await expectAccessible(page, 'rating form');
    await setElder(true);
    await shot('rate-elder');
    await expectAccessible(page, 'rating form, 长辈版');
    await setElder(false);
    await page.getByTestId('track-rate-submit').click();
    await expect.poll(() => page.getByTestId('track-rated').textContent()).toContain('感谢您的评价');
    expect(await page.getByTestId('track-rated').textContent()).toContain('满意');
    expect(await page.getByTestId('track-rate').count()).toBe(0);
    await shot('rated');
  });

  it('the QR code of a grid that does not exist shows the error', async () => {
    await page.goto('/r/410105002012999/report');
    await page.getByTestId('resident-category').filter({ hasText: '噪音扰民' }).click();
    await page.getByTestId('resident-description').fill('楼下商铺每天夜里十一点后还在装修，电钻声音很大。');
    await page.getByTestId('resident-submit').click();
    await expect.poll(() => page.getByTestId('resident-error').textContent()).toContain('二维码上的网格不存在');
    expect(await page.getByTestId('resident-done').count()).toBe(0);
    await shot('unknown-grid');
    expect(session.pageErrors).toEqual([]);
  });
});
