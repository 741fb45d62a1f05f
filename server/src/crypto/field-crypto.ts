// Encryption at rest for ID and phone numbers (个人信息保护法 art. 51: encryption of personal
// information): the database alone reveals neither.
// Values are sealed with AES-256-GCM; a keyed hash (HMAC-SHA256) stored beside them makes exact
// search and search by the last digits possible without decrypting. Both keys are derived from one
// 32-byte field key with HKDF, so that the cipher key and the hash key are never the same bytes.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const FIELD_KEY_BYTES = 32;
// Token layout, base64: version (1 byte) | IV (12) | GCM tag (16) | ciphertext.
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

export class FieldCryptoError extends Error {
  override name = 'FieldCryptoError';
}

export interface FieldCrypto {
  /** Seals a value; two calls with the same value give different tokens (random IV). */
  encrypt(plain: string): string;
  /** Opens a token; throws FieldCryptoError when it was altered, truncated or sealed with another key. */
  decrypt(token: string): string;
  /** Keyed hash (hex) of the whole value, for exact search. Normalize the value first (parseIdCard). */
  hash(plain: string): string;
  /** Keyed hash (hex) of the last n characters, for search by the last 4–6 digits. */
  hashSuffix(plain: string, n: number): string;
  /** A short public fingerprint of the key: store it once, and refuse to start if it changes. */
  readonly keyId: string;
  /** The key's fingerprint in backup manifests (keyCheckOf): a restore compares it with the key it is given. */
  readonly keyCheck: string;
}

// A fixed label: the fingerprint is HMAC-SHA256(key, label), so it names the key without revealing it.
const KEY_CHECK_LABEL = 'civicgrid/backup/key-check/v1';

/** The public fingerprint of a field key written into backups (never the key itself). */
export function keyCheckOf(key: Buffer): string {
  assertKey(key);
  return createHmac('sha256', key).update(KEY_CHECK_LABEL, 'utf8').digest('hex').slice(0, 32);
}

function derive(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `civicgrid/field-crypto/v1/${info}`, 32));
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== FIELD_KEY_BYTES) {
    throw new FieldCryptoError(`the field key must be ${FIELD_KEY_BYTES} bytes, not ${Buffer.isBuffer(key) ? key.length : typeof key}`);
  }
}

// IVs are random 96-bit values drawn from a pool refilled 4 KB at a time: one call to the system's
// random source per ~340 values instead of one per value (the per-call cost dominated bulk imports).
const IV_POOL_BYTES = IV_BYTES * 341;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

export function createFieldCrypto(key: Buffer): FieldCrypto {
  assertKey(key);
  const encKey = derive(key, 'aes-256-gcm');
  const macKey = derive(key, 'hmac-sha256');
  // Domain-separated inputs: the hash of "1234" and the 4-digit suffix hash of "…1234" differ.
  const mac = (input: string) => createHmac('sha256', macKey).update(input, 'utf8').digest('hex');
  const keyId = derive(key, 'key-id').subarray(0, 8).toString('hex');

  return {
    keyId,
    keyCheck: keyCheckOf(key),
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(token) {
      const raw = Buffer.from(token, 'base64');
      if (raw.length < HEADER_BYTES || raw.toString('base64') !== token) throw new FieldCryptoError('not an encrypted field value');
      if (raw[0] !== VERSION) throw new FieldCryptoError(`unknown encrypted field version ${raw[0]}`);
      const iv = raw.subarray(1, 1 + IV_BYTES);
      const tag = raw.subarray(1 + IV_BYTES, HEADER_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', encKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(raw.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new FieldCryptoError('encrypted field value was altered or sealed with another key');
      }
    },
    hash(plain) {
      return mac(`full:${plain}`);
    },
    hashSuffix(plain, n) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`suffix length must be a positive integer: ${n}`);
      const chars = Array.from(plain);
      // A value shorter than n hashes whole under the same label; a search for n characters cannot match it.
      return mac(`suffix:${n}:${chars.slice(Math.max(0, chars.length - n)).join('')}`);
    },
  };
}

const BASE64_32 = /^[A-Za-z0-9+/]{43}=$/;

function decodeKey(text: string, source: string): Buffer {
  const t = text.trim();
  if (!BASE64_32.test(t)) {
    throw new FieldCryptoError(
      `${source} is not a field key: expected ${FIELD_KEY_BYTES} bytes in base64 (44 characters ending in "="), ` +
        `e.g. from: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
    );
  }
  return Buffer.from(t, 'base64');
}

/** Where the field key of a data folder is kept when CG_FIELD_KEY is not set. */
export const fieldKeyFile = (dataDir: string) => path.join(dataDir, 'secrets', 'field.key');

/** The field key if there is one (CG_FIELD_KEY, else DATA_DIR/secrets/field.key); never creates one. */
export function loadExistingKey(dataDir: string, envKey?: string): Buffer | null {
  if (envKey !== undefined && envKey.trim() !== '') return decodeKey(envKey, 'CG_FIELD_KEY');
  const file = fieldKeyFile(dataDir);
  return fs.existsSync(file) ? decodeKey(fs.readFileSync(file, 'utf8'), file) : null;
}

/**
 * The field key: CG_FIELD_KEY (base64, 32 bytes) when given, else DATA_DIR/secrets/field.key,
 * created on first call (mode 0600). Losing this key loses every encrypted ID and phone number:
 * back it up with the data folder, but not in the same place as database dumps.
 */
export function loadOrCreateKey(dataDir: string, envKey?: string): Buffer {
  if (envKey !== undefined && envKey.trim() !== '') return decodeKey(envKey, 'CG_FIELD_KEY');
  const file = fieldKeyFile(dataDir);
  const dir = path.dirname(file);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    createKeyFile(file, randomBytes(FIELD_KEY_BYTES).toString('base64') + '\n');
  }
  return decodeKey(fs.readFileSync(file, 'utf8'), file);
}

// Written whole to a temporary file, then linked into place: link() fails if the key exists, so two
// processes starting at once both end up with the first one's key, never a half-written file.
function createKeyFile(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    fs.writeFileSync(tmp, content, { flag: 'wx', mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.linkSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    // File systems without hard links (some volume drivers): exclusive create in place instead.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
    try {
      fs.writeFileSync(file, content, { flag: 'wx', mode: 0o600 });
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code !== 'EEXIST') throw inner;
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
