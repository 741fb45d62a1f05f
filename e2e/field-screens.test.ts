// Every screen of the field app (/m/) on a phone: a picture at 390×844 in test-output/field/, no
// sideways scrolling at 390 and at 360 px, no serious or critical axe-core violation, a clean
// console. 赵立新 (grid worker of 通信花园社区第一网格) signs in, changes his initial password, and walks
// 我的工作, 核查, 住户 (search, household card, 走访, 户籍变动), 民情日记, 随手拍, 巡查 and 待发送.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectFitsPhone } from './flows';
import { FIELD_OUTPUT, axeProblems, openField, waitForServiceWorker, type FieldSession } from './field-harness';

let field: FieldSession;
let page: Page;
let narrow: Page;

beforeAll(async () => {
  mkdirSync(FIELD_OUTPUT, { recursive: true });
  field = await openField('field-screens');
  page = await field.phone('phone 390');
}, 600_000);

afterAll(() => field?.close());

/** Picture at 390, fits at 390, no serious axe finding; and the same URL fits at 360 px. */
async function check(name: string): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(FIELD_OUTPUT, `${name}.png`), fullPage: true });
  await expectFitsPhone(page, `${name} at 390 px`);
  const axe = await axeProblems(page);
  expect(axe, `${name}: axe: ${axe.join(" | ")}`).toEqual([]);
  if (narrow) {
    await narrow.goto(new URL(page.url()).pathname + new URL(page.url()).search);
    await narrow.waitForTimeout(400);
    await expectFitsPhone(narrow, `${name} at 360 px`);
  }
}

describe('the field app, screen by screen', () => {
  it('signs in (with the forced password change) and installs for offline use', async () => {
    await page.goto('/m/');
    await page.getByTestId('m-login-username').waitFor();
    await check('01-login');
    await page.getByTestId('m-login-username').fill('gridworker');
    await page.getByTestId('m-login-password').fill('CivicGrid@2026');
    await page.getByTestId('m-login-submit').click();
    await page.getByTestId('m-pw-new').waitFor();
    await check('02-change-password');
    await page.getByTestId('m-pw-current').fill('CivicGrid@2026');
    await page.getByTestId('m-pw-new').fill('Field2026grid');
    await page.getByTestId('m-pw-confirm').fill('Field2026grid');
    await page.getByTestId('m-pw-submit').click();
    await page.getByTestId('m-me').waitFor();
    await expect(page.getByTestId('m-me').textContent()).resolves.toBe('赵立新');
    await waitForServiceWorker(page);
    // The same worker on a narrower phone (its own context, signed in with the new password).
    narrow = await field.phone('phone 360', 360);
    await narrow.goto('/m/login');
    await narrow.getByTestId('m-login-username').fill('gridworker');
    await narrow.getByTestId('m-login-password').fill('Field2026grid');
    await narrow.getByTestId('m-login-submit').click();
    await narrow.getByTestId('m-me').waitFor();
  });

  it('我的工作: cases to verify, nearest first once located', async () => {
    await expect.poll(() => page.getByTestId('m-snapshot-at').textContent()).toContain('数据更新于');
    await page.getByTestId('m-locate').click();
    await check('03-work');
  });

  it('核查 of a handled case', async () => {
    const row = page.getByTestId('m-verify-row').first();
    await row.click();
    await page.getByTestId('m-verify-case').waitFor();
    await check('04-verify');
    await page.getByTestId('m-verify-fail').click();
    await page.getByTestId('m-verify-reason').waitFor();
    await check('05-verify-fail');
  });

  it('住户: search, household card, 走访 and 户籍变动 forms', async () => {
    await page.getByTestId('tab-residents').click();
    await page.getByTestId('m-household-row').first().waitFor();
    await check('06-residents');
    const head = ((await page.getByTestId('m-household-row').first().locator('.row-sub').textContent()) ?? '').split('、')[0]!;
    await page.getByTestId('m-resident-search').fill(head);
    await page.getByTestId('m-household-row').first().click();
    await page.getByTestId('m-household-card').waitFor();
    await check('07-household');
    await page.getByTestId('m-log-visit').click();
    await page.getByTestId('m-visit-findings').waitFor();
    await check('08-visit');
    await page.goBack();
    await page.getByTestId('m-register-change').click();
    await page.getByTestId('m-change-save').waitFor();
    await check('09-register-change');
  });

  it('民情日记, 随手拍, 巡查 and 待发送', async () => {
    await page.goto('/m/diary');
    await page.getByTestId('m-diary-text').waitFor();
    await check('10-diary');
    await page.getByTestId('tab-report').click();
    await page.getByTestId('report-description').waitFor();
    await check('11-report');
    expect(await page.getByTestId('report-fix-on-spot').isChecked()).toBe(false);
    // 现场解决 from 我的工作 opens the same form with its switch already on.
    await page.getByTestId('tab-work').click();
    await page.getByTestId('m-quick-fix').click();
    await page.waitForURL(/\/m\/report\?fix=1$/);
    await page.getByTestId('report-description').waitFor();
    expect(await page.getByTestId('report-fix-on-spot').isChecked()).toBe(true);
    await check('11b-report-fix');
    await page.getByTestId('tab-patrol').click();
    await page.getByTestId('patrol-keep-open').waitFor();
    await check('12-patrol');
    await page.getByTestId('tab-outbox').click();
    await page.getByTestId('m-outbox-empty').waitFor();
    await check('13-outbox');
  });

  it('English is one tap away', async () => {
    await page.getByTestId('tab-work').click();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByTestId('tab-work').textContent()).resolves.toContain('My work');
    await check('14-work-en');
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('kept a clean console', () => {
    expect(field.pageErrors).toEqual([]);
  });
});
