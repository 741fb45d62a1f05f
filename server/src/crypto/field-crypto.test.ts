import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIELD_KEY_BYTES, FieldCryptoError, createFieldCrypto, keyCheckOf, loadExistingKey, loadOrCreateKey } from './field-crypto.js';

const ID = '11010519491231002X';
const key = randomBytes(FIELD_KEY_BYTES);
const crypto = createFieldCrypto(key);

describe('field encryption', () => {
  it('round-trips ID numbers, phones and any text', () => {
    for (const plain of [ID, '13812345678', '0371-63821106', '', '张美荣 𠮷', 'x'.repeat(5000)]) {
      expect(crypto.decrypt(crypto.encrypt(plain))).toBe(plain);
    }
  });
  it('uses a random IV: the same value seals differently each time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => crypto.encrypt(ID)));
    expect(tokens.size).toBe(50);
    const ivs = new Set([...tokens].map((t) => Buffer.from(t, 'base64').subarray(1, 13).toString('hex')));
    expect(ivs.size).toBe(50);
  });
  it('writes version | iv | tag | ciphertext in base64, without the plain value', () => {
    const token = crypto.encrypt(ID);
    const raw = Buffer.from(token, 'base64');
    expect(raw[0]).toBe(1);
    expect(raw.length).toBe(1 + 12 + 16 + ID.length);
    expect(token).not.toContain(ID);
    expect(raw.includes(Buffer.from(ID))).toBe(false);
    expect(raw.includes(Buffer.from('19491231'))).toBe(false);
  });
  it('detects any altered byte', () => {
    const raw = Buffer.from(crypto.encrypt(ID), 'base64');
    for (let i = 1; i < raw.length; i++) {
      const bad = Buffer.from(raw);
      bad[i] = bad[i]! ^ 0x01;
      expect(() => crypto.decrypt(bad.toString('base64')), `byte ${i}`).toThrow(FieldCryptoError);
    }
  });
  it('refuses truncated, foreign and unknown-version tokens', () => {
    const token = crypto.encrypt(ID);
    const raw = Buffer.from(token, 'base64');
    expect(() => crypto.decrypt(raw.subarray(0, raw.length - 1).toString('base64'))).toThrow(FieldCryptoError);
    expect(() => crypto.decrypt(raw.subarray(0, 20).toString('base64'))).toThrow(/not an encrypted field value/);
    expect(() => crypto.decrypt('')).toThrow(FieldCryptoError);
    expect(() => crypto.decrypt('not base64 at all!')).toThrow(FieldCryptoError);
    expect(() => crypto.decrypt(ID)).toThrow(FieldCryptoError);
    const v2 = Buffer.from(raw);
    v2[0] = 2;
    expect(() => crypto.decrypt(v2.toString('base64'))).toThrow(/version 2/);
    expect(() => createFieldCrypto(randomBytes(FIELD_KEY_BYTES)).decrypt(token)).toThrow(/another key/);
  });
  it('refuses keys of the wrong size', () => {
    expect(() => createFieldCrypto(randomBytes(16))).toThrow(FieldCryptoError);
    expect(() => createFieldCrypto(Buffer.alloc(0))).toThrow(/32 bytes/);
  });
});

describe('keyed hashes for search', () => {
  it('are deterministic for one key and differ between keys', () => {
    expect(crypto.hash(ID)).toBe(crypto.hash(ID));
    expect(createFieldCrypto(Buffer.from(key)).hash(ID)).toBe(crypto.hash(ID));
    expect(crypto.hash(ID)).toMatch(/^[0-9a-f]{64}$/);
    expect(crypto.hash(ID)).not.toBe(crypto.hash('11010519491231002x'));
    expect(createFieldCrypto(randomBytes(FIELD_KEY_BYTES)).hash(ID)).not.toBe(crypto.hash(ID));
  });
  it('are not a plain SHA-256 of the value, nor keyed with the raw key', async () => {
    const { createHash, createHmac } = await import('node:crypto');
    expect(crypto.hash(ID)).not.toBe(createHash('sha256').update(ID).digest('hex'));
    expect(crypto.hash(ID)).not.toBe(createHmac('sha256', key).update(ID).digest('hex'));
  });
  it('find a value by its last n characters', () => {
    const other = '41010520000301013' + 'X';
    expect(crypto.hashSuffix(ID, 4)).toBe(crypto.hashSuffix('002X', 4));
    expect(crypto.hashSuffix(ID, 6)).toBe(crypto.hashSuffix('31002X', 6));
    expect(crypto.hashSuffix(ID, 6)).toBe(crypto.hashSuffix('9931002X', 6));
    expect(crypto.hashSuffix(ID, 4)).not.toBe(crypto.hashSuffix(other, 4));
    expect(crypto.hashSuffix('13812345678', 4)).toBe(crypto.hashSuffix('13912345678', 4));
  });
  it('keep full hashes and suffix hashes of different lengths apart', () => {
    expect(crypto.hashSuffix(ID, 4)).not.toBe(crypto.hash('002X'));
    expect(crypto.hashSuffix(ID, 4)).not.toBe(crypto.hashSuffix(ID, 5));
    expect(crypto.hashSuffix('002X', 6)).not.toBe(crypto.hashSuffix('002X', 4));
  });
  it('refuse a suffix length that is not a positive integer', () => {
    expect(() => crypto.hashSuffix(ID, 0)).toThrow(RangeError);
    expect(() => crypto.hashSuffix(ID, 2.5)).toThrow(RangeError);
  });
  it('expose a stable key id that tells keys apart', () => {
    expect(crypto.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(createFieldCrypto(Buffer.from(key)).keyId).toBe(crypto.keyId);
    expect(createFieldCrypto(randomBytes(FIELD_KEY_BYTES)).keyId).not.toBe(crypto.keyId);
    expect(key.toString('hex')).not.toContain(crypto.keyId);
  });
});

describe('loadOrCreateKey', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-field-key-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates DATA_DIR/secrets/field.key on first call, readable by the owner only', () => {
    const dir = tempDir();
    const created = loadOrCreateKey(dir);
    expect(created.length).toBe(32);
    const file = path.join(dir, 'secrets', 'field.key');
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(created.toString('base64'));
    if (process.platform !== 'win32') {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(dir, 'secrets')).mode & 0o077).toBe(0);
    }
    expect(fs.readdirSync(path.join(dir, 'secrets'))).toEqual(['field.key']);
  });
  it('reuses the key file on later calls', () => {
    const dir = tempDir();
    const first = loadOrCreateKey(dir);
    const second = loadOrCreateKey(dir);
    expect(second.equals(first)).toBe(true);
    const token = createFieldCrypto(first).encrypt(ID);
    expect(createFieldCrypto(loadOrCreateKey(dir)).decrypt(token)).toBe(ID);
  });
  it('gives every data folder its own key', () => {
    expect(loadOrCreateKey(tempDir()).equals(loadOrCreateKey(tempDir()))).toBe(false);
  });
  it('prefers CG_FIELD_KEY and then writes no file', () => {
    const dir = tempDir();
    const envKey = randomBytes(32).toString('base64');
    expect(loadOrCreateKey(dir, envKey).toString('base64')).toBe(envKey);
    expect(loadOrCreateKey(dir, ` ${envKey}\n`).toString('base64')).toBe(envKey);
    expect(fs.existsSync(path.join(dir, 'secrets'))).toBe(false);
    // An empty variable counts as not set.
    expect(loadOrCreateKey(dir, '').length).toBe(32);
    expect(fs.existsSync(path.join(dir, 'secrets', 'field.key'))).toBe(true);
  });
  it('refuses a malformed CG_FIELD_KEY with a clear error that does not echo it', () => {
    const dir = tempDir();
    const short = randomBytes(16).toString('base64');
    for (const bad of [short, randomBytes(33).toString('base64'), 'not-a-key', randomBytes(32).toString('hex'), '!'.repeat(43) + '=']) {
      expect(() => loadOrCreateKey(dir, bad)).toThrow(FieldCryptoError);
    }
    try {
      loadOrCreateKey(dir, short);
    } catch (err) {
      expect((err as Error).message).toContain('CG_FIELD_KEY');
      expect((err as Error).message).toContain('32 bytes in base64');
      expect((err as Error).message).not.toContain(short);
    }
  });
  it('refuses a malformed key file instead of replacing it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'secrets', 'field.key');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'garbage\n');
    expect(() => loadOrCreateKey(dir)).toThrow(/field\.key is not a field key/);
    expect(fs.readFileSync(file, 'utf8')).toBe('garbage\n');
  });
});

describe('the key fingerprint of backups', () => {
  it('is the HMAC of a fixed label with the key: stable, different per key, and not the key', () => {
    expect(keyCheckOf(key)).toBe(crypto.keyCheck);
    expect(keyCheckOf(Buffer.from(key))).toBe(keyCheckOf(key));
    expect(keyCheckOf(randomBytes(FIELD_KEY_BYTES))).not.toBe(keyCheckOf(key));
    expect(keyCheckOf(key)).toBe(createHmac('sha256', key).update('civicgrid/backup/key-check/v1').digest('hex').slice(0, 32));
    expect(keyCheckOf(key)).not.toContain(key.toString('hex').slice(0, 8));
    expect(keyCheckOf(key)).not.toBe(crypto.keyId);
  });
  it('loads an existing key without ever creating one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-key-'));
    try {
      expect(loadExistingKey(dir)).toBeNull();
      expect(fs.existsSync(path.join(dir, 'secrets'))).toBe(false);
      const made = loadOrCreateKey(dir);
      expect(loadExistingKey(dir)!.equals(made)).toBe(true);
      expect(loadExistingKey(dir, key.toString('base64'))!.equals(key)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
