// A resident asks for a proxy service from the grid's QR code, on a phone (390×844), against the real
// server with the demo street: the code of a 通信花园社区 grid (whose 代办员 is 刘芳) opens the grid's home
// with its team and tiles; 我要办事 asks to sign in first; the resident signs in with the code the
// development SMS driver wrote to its outbox file (SMS_OUTBOX_FILE), picks 高龄津贴申领, reads the
// papers to bring, signs the 代办委托书 with a finger on the screen and sends it; the request shows
// under 我的 and its page follows 刘芳's steps (受理 → 送达 → 归档, through the API) to the rating.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe';
import type { APIRequestContext, Page } from 'playwright-core';
import { PHONE, expectFitsPhone } from './flows';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';

const OUTBOX = path.join(tmpdir(), `civicgrid-sms-${process.pid}.jsonl`);
const SHOTS = '/tmp/shots-residents';
const PHONE_NUMBER = '13937105566';
const INITIAL_PASSWORD = 'CivicGrid@2026';
const NEW_PASSWORD = 'Jiayuan2026daiban';

let session: ConsoleSession;
let page: Page;
let gridCode = '';
let requestId = 0;

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: screenshotPath(`resident-services-${name}`), fullPage: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await expectFitsPhone(page, name);
}

/** The code of the last text message to the phone, from the development driver's outbox. */
function codeFromOutbox(phone: string): string {
  const lines = existsSync(OUTBOX) ? readFileSync(OUTBOX, 'utf8').trim().split('\n') : [];
  const last = lines.map((l) => JSON.parse(l) as { phone: string; text: string }).filter((m) => m.phone === phone).at(-1);
  return /(\d{6})/.exec(last?.text ?? '')?.[1] ?? '';
}

let agent: { api: APIRequestContext; csrf: string };

async function signInStaff(username: string) {
  const context = await session.browser.newContext({ baseURL: session.server.baseUrl });
  const api = context.request;
  const login = await api.post('/api/auth/login', { data: { username, password: INITIAL_PASSWORD } });
  expect(login.status()).toBe(200);
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  expect((await api.post('/api/auth/password', { data: { currentPassword: INITIAL_PASSWORD, newPassword: NEW_PASSWORD }, headers: { 'X-CSRF-Token': csrf } })).status()).toBe(204);
  const again = await api.post('/api/auth/login', { data: { username, password: NEW_PASSWORD } });
  return { api, csrf: ((await again.json()) as { csrfToken: string }).csrfToken };
}

async function step(action: string, data: Record<string, unknown> = {}) {
  const res = await agent.api.post(`/api/proxy/requests/${requestId}/actions/${action}`, { data, headers: { 'X-CSRF-Token': agent.csrf } });
  expect(res.status(), await res.text()).toBe(200);
}

beforeAll(async () => {
  rmSync(OUTBOX, { force: true });
  mkdirSync(SHOTS, { recursive: true });
  // The server the harness starts inherits this: its log driver also writes each message there.
  process.env.SMS_OUTBOX_FILE = OUTBOX;
  session = await openConsole('resident-services');
  agent = await signInStaff('proxy');
  const features = (await (await agent.api.get('/api/geo/features')).json()) as { features: { properties: { code: string | null } }[] };
  gridCode = features.features.map((f) => f.properties.code ?? '').filter((c) => c.startsWith('410105002012') && c.length === 15).sort()[0]!;
  page = await session.newPage('resident phone', PHONE);
}, 240_000);

afterAll(async () => {
  delete process.env.SMS_OUTBOX_FILE;
  rmSync(OUTBOX, { force: true });
  await session?.close();
});

describe('a resident asks for a proxy service from the QR code', () => {
  it('the QR code opens the grid home: its name, its team and the tiles', async () => {
    expect(gridCode).toMatch(/^410105002012\d{3}$/);
    await page.goto(`/r/${gridCode}`);
    await page.getByTestId('home-team').waitFor();
    expect(await page.getByTestId('resident-subtitle').textContent()).toContain('通信花园社区');
    expect(await page.getByTestId('home-team').textContent()).toContain('代办员');
    for (const tile of ['report', 'services', 'news', 'ask', 'shop', 'me', 'track']) expect(await page.getByTestId(`home-tile-${tile}`).count()).toBe(1);
    expect(await page.getByTestId('resident-signin-link').isVisible()).toBe(true);
    await expectAccessible(page, 'grid home');
    await shot('home');
  });

  it('我要办事 asks a signed-out resident to sign in, and the code from the text message signs them in', async () => {
    await page.getByTestId('home-tile-services').click();
    await page.waitForURL(new RegExp(`/r/${gridCode}/services$`));
    await page.getByTestId('services-signin-button').click();
    await page.waitForURL(/\/r\/signin\?next=/);
    await page.getByTestId('signin-phone').fill(PHONE_NUMBER);
    await page.getByTestId('signin-send').click();
    await expect.poll(() => page.getByTestId('signin-sent').textContent()).toContain('139****5566');
    expect(await page.getByTestId('signin-send').isDisabled()).toBe(true);
    expect(await page.getByTestId('signin-send').textContent()).toMatch(/\d+ 秒后重新获取/);
    const code = codeFromOutbox(PHONE_NUMBER);
    expect(code).toMatch(/^\d{6}$/);
    await page.getByTestId('signin-code').fill(code);
    await expectAccessible(page, 'sign-in');
    await shot('signin');
    await page.getByTestId('signin-submit').click();
    await page.waitForURL(new RegExp(`/r/${gridCode}/services$`));
    await page.getByTestId('services-item').first().waitFor();
    expect(await page.getByTestId('resident-me-link').isVisible()).toBe(true);
    await expectAccessible(page, 'services');
    await shot('services');
  });

  it('picks 高龄津贴申领, reads the papers to bring, signs on the screen and sends it to the grid’s 代办员', async () => {
    await page.getByTestId('services-search').fill('高龄津贴');
    await page.getByTestId('services-item').filter({ hasText: '高龄津贴申领' }).click();
    expect(await page.getByTestId('services-materials').locator('li').count()).toBeGreaterThan(0);
    await page.getByTestId('services-name').fill('张秀英');
    await page.getByTestId('services-description').fill('母亲今年满80周岁，行动不便，想请代办员帮忙申领高龄津贴。');
    await page.getByTestId('services-submit').click();
    await expect.poll(() => page.getByTestId('services-form-error').textContent()).toContain('请先签名');
    await page.getByTestId('signature-canvas').scrollIntoViewIfNeeded();
    const b = (await page.getByTestId('signature-canvas').boundingBox())!;
    await page.mouse.move(b.x + 30, b.y + 100);
    await page.mouse.down();
    for (let x = 30; x <= b.width - 30; x += 12) await page.mouse.move(b.x + x, b.y + 80 + 30 * Math.sin(x / 25));
    await page.mouse.up();
    await expectAccessible(page, 'service chosen, signed');
    await shot('signed');
    await page.getByTestId('services-submit').click();
    await page.getByTestId('services-filed').waitFor();
    expect(await page.getByTestId('services-filed').textContent()).toContain('刘芳');
    await shot('filed');
    await page.getByTestId('services-follow').click();
    await page.waitForURL(/\/r\/me\/requests\/\d+$/);
    requestId = Number(/requests\/(\d+)$/.exec(page.url())![1]);
    await expect.poll(() => page.getByTestId('me-item-state').textContent()).toContain('待受理');
    expect(await page.getByTestId('me-item').textContent()).toContain('高龄津贴申领');
    await expectAccessible(page, 'my request');
  });

  it('the agent sees it with the signature and without a register person', async () => {
    const res = await agent.api.get(`/api/proxy/requests/${requestId}`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ person: null, applicantName: '张秀英', signed: true, byResident: true });
  });

  it('我的 lists it; its page follows the agent’s steps to the rating', async () => {
    await page.getByTestId('resident-me-link').click();
    await page.waitForURL(/\/r\/me$/);
    await page.getByTestId('me-request').first().waitFor();
    expect(await page.getByTestId('me-request').first().textContent()).toContain('高龄津贴申领');
    await expectAccessible(page, '我的');
    await shot('me');
    await step('accept');
    await step('deliver', { note: '高龄津贴已核准，自下月起每月发放，已将结果告知张秀英本人。' });
    await step('archive');
    await page.getByTestId('me-request').first().click();
    await expect.poll(() => page.getByTestId('me-item-state').textContent()).toContain('已办结');
    expect(await page.getByTestId('me-item').textContent()).toContain('高龄津贴已核准');
    expect(await page.getByTestId('me-item-step').allTextContents()).toEqual(expect.arrayContaining(['受理', '送达', '归档']));
    await page.getByTestId('me-rate-satisfied').click();
    await page.getByTestId('me-rate-comment').fill('刘芳跑了两趟，非常耐心，谢谢！');
    await expectAccessible(page, 'request to rate');
    await shot('to-rate');
    await page.getByTestId('me-rate-submit').click();
    await expect.poll(() => page.getByTestId('me-rated').textContent()).toContain('感谢您的评价');
    await shot('rated');
    expect((await (await agent.api.get(`/api/proxy/requests/${requestId}`)).json()).rating).toBe('satisfied');
    expect(session.pageErrors).toEqual([]);
  });
});
