// Password hashing with argon2id (OWASP parameters: 19 MiB, 2 iterations, 1 lane).
import { hash, verify } from '@node-rs/argon2';

// algorithm 2 = Argon2id (a const enum in the typings, so spelled out here).
const OPTIONS = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/** Spends the same time as a real check, so unknown usernames cannot be told apart by timing. */
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hashPassword('civicgrid-timing-equaliser-0');
  await verifyPassword(await dummy, password);
}
