import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { FieldKeyMismatch, guardFieldKey } from './key-guard.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('field key guard', () => {
  it('remembers the first key and refuses another', async () => {
    await guardFieldKey(t.database.db, 'a1b2c3d4e5f60718');
    await guardFieldKey(t.database.db, 'a1b2c3d4e5f60718');
    await expect(guardFieldKey(t.database.db, 'ffffffffffffffff')).rejects.toBeInstanceOf(FieldKeyMismatch);
  });
});
