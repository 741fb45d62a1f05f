// Random secrets for sessions, CSRF and API tokens; only their SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const API_TOKEN_PREFIX = 'cg_';
