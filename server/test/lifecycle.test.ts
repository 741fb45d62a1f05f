// The real `main.ts` process: first start seeds, a restart keeps the data, SIGTERM lets an
// in-flight request finish and closes the database cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
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
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return { proc, output: () => out };
    if (proc.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`server did not become ready: ${out}`);
}

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
      body: JSON.stringify({ username: 'admin', password: 'CivicGrid@2026' }),
    });
    expect(again.status).toBe(200); // same account, same data: the failed attempt was counted, not lost
    const exit2 = exited(second.proc);
    second.proc.kill('SIGTERM');
    expect(await exit2, second.output()).toBe(0);
  }, 120_000);
});
