// Runtime configuration from the environment, validated once at start-up.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  logLevel: string;
  seedDemo: boolean;
  trustProxy: boolean;
  timeZone: string;
  webDir: string;
  publicUrl: string;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port: ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    logLevel: env.LOG_LEVEL ?? 'info',
    seedDemo: bool(env.CG_SEED_DEMO, true),
    trustProxy: bool(env.TRUST_PROXY, false),
    timeZone: env.CG_TIME_ZONE ?? 'Asia/Shanghai',
    publicUrl: env.CG_PUBLIC_URL ?? `http://localhost:${port}`,
    webDir: path.resolve(env.CG_WEB_DIR ?? path.join(import.meta.dirname, '../../web/dist')),
  };
}
