// Helpers of the webhook tests: a local HTTP receiver on 127.0.0.1 that records what it gets and
// answers as it is told, and a resolver from a table (the tests never ask the real DNS, nor
// connect anywhere but 127.0.0.1).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWebhookAllowHosts } from '../../config.js';
import type { Resolver, TargetPolicy } from './targets.js';

/** A public address (example.com's): tests resolve names to it but never connect to it. */
export const PUBLIC_ADDRESS = '93.184.216.34';

/** Answers names from the table; any other name is not found (as getaddrinfo says). */
export function tableResolver(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  };
  return Object.assign(resolve, { asked });
}

/**
 * The tests' target policy: the outside systems of the examples (*.example.cn and
 * *.example.gov.cn) resolve to a public address, and `allowHosts` (WEBHOOK_ALLOW_HOSTS syntax,
 * e.g. the receiver's '127.0.0.1') is allowed.
 */
export function testTargets(allowHosts = '', more: Record<string, string[]> = {}): TargetPolicy & { resolve: ReturnType<typeof tableResolver> } {
  const table: Record<string, string[]> = {
    '12345.jinshui.example.cn': [PUBLIC_ADDRESS],
    'hooks.example.cn': [PUBLIC_ADDRESS],
    ...more,
  };
  return { allow: parseWebhookAllowHosts(allowHosts), resolve: tableResolver(table) };
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A status with a short body, a full answer, or 'hang': never answer. */
export type Answer = number | { status: number; body?: string; headers?: Record<string, string> } | 'hang';

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** The next answers, in order; 200 once they are used up. */
  answers: Answer[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const answers: Answer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? 200;
      if (answer === 'hang') return;
      const { status, body, headers } = typeof answer === 'number' ? { status: answer, body: undefined, headers: {} } : answer;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body ?? (status < 300 ? 'ok' : '服务暂不可用'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/civicgrid/hook`,
    port,
    received,
    answers,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just free and is closed again: connecting to it is refused. */
export async function deadPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
