// The real `main.ts` process: first start seeds, a restart keeps the data (the database and the
// photo files in DATA_DIR/files), SIGTERM lets an in-flight request finish and closes the
// database cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NEW_PASSWORD = 'Lifecycle2026check';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-life-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function start(port: number): Promise<{ proc: ChildProcess; output: () => string }> {
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  // Up to five minutes: the first start seeds the demo street, which is slow on a shared, loaded machine.
  for (let i = 0; i < 3000; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return { proc, output: () => out };
    if (proc.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`server did not become ready: ${out}`);
}

const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('cg_session='))!.split(';')[0]!;

const exited = (proc: ChildProcess) => new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

describe('server lifecycle', () => {
  it('seeds on first start, keeps data on restart, and shuts down gracefully', async () => {
    const port = await freePort();
    const first = await start(port);
    expect(first.output()).toContain('admin / CivicGrid@2026');
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'CivicGrid@2026' }),
    });
    expect(login.status).toBe(200);
    // The demo's verification photos are files in DATA_DIR/files, not rows of bytes.
    const filesDir = path.join(dataDir, 'files');
    const stored = fs.readdirSync(filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.filter((e) => e.name.endsWith('.tmp'))).toEqual([]);
    const session = { cookie: sessionCookie(login), 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const changed = await fetch(`http://127.0.0.1:${port}/api/auth/password`, {
      method: 'POST',
      headers: { ...session, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: 'CivicGrid@2026', newPassword: NEW_PASSWORD }),
    });
    expect(changed.status, await changed.text()).toBeLessThan(300);
    // The first photo of a fresh data folder (the seed's own ids).
    const photo = await fetch(`http://127.0.0.1:${port}/api/cases/photos/1`, { headers: session });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    const photoBytes = Buffer.from(await photo.arrayBuffer());
    // A request that is on its way when SIGTERM arrives still gets its answer.
    const inflight = fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong-password-1' }),
    });
    await new Promise((r) => setTimeout(r, 20));
    const exit = exited(first.proc);
    first.proc.kill('SIGTERM');
    expect((await inflight).status).toBe(401);
    expect(await exit, first.output()).toBe(0);

    const second = await start(port);
    expect(second.output()).not.toContain('CivicGrid@2026');
    const again = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: NEW_PASSWORD }),
    });
    expect(again.status).toBe(200); // same account, same data: the failed attempt was counted, not lost
    const photoAgain = await fetch(`http://127.0.0.1:${port}/api/cases/photos/1`, {
      headers: { cookie: sessionCookie(again) },
    });
    expect(photoAgain.status).toBe(200);
    expect(Buffer.from(await photoAgain.arrayBuffer()).equals(photoBytes)).toBe(true);
    const exit2 = exited(second.proc);
    second.proc.kill('SIGTERM');
    expect(await exit2, second.output()).toBe(0);
  }, 600_000);
});
