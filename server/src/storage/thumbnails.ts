// Thumbnails: made once per stored file, on first request, in one worker thread (decoding is
// pure JavaScript and slow: it must not block requests), and stored beside the original as
// `<key>.thumb` (a JPEG). JPEG and PNG only: no pure-JavaScript WebP decoder is installed, so a
// WebP photo has no thumbnail and its original (at most 10 MB, already in the browser's format) is shown.
import { Worker } from 'node:worker_threads';
import type { FileFormat } from '../../../core/src/files/sniff.js';
import type { FileStore } from './file-store.js';

export const THUMBNAIL_MAX_SIDE = 320;
export const THUMBNAIL_VARIANT = 'thumb';
const QUALITY = 78;
const TIMEOUT_MS = 60_000;

export const canThumbnail = (format: FileFormat) => format === 'jpeg' || format === 'png';

interface Pending {
  resolve(jpeg: Buffer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** One worker for the process, started on first use; a crashed or stuck worker is replaced. */
class ThumbnailWorker {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  private start(): Worker {
    const worker = new Worker(new URL('./thumbnail-worker.mjs', import.meta.url));
    worker.unref(); // an idle worker never keeps the process alive
    worker.on('message', (m: { id: number; jpeg?: Uint8Array; error?: string }) => {
      const job = this.pending.get(m.id);
      if (!job) return;
      this.pending.delete(m.id);
      clearTimeout(job.timer);
      if (m.jpeg) job.resolve(Buffer.from(m.jpeg));
      else job.reject(new Error(`thumbnail failed: ${m.error}`));
    });
    const fail = (err: Error) => this.failAll(worker, err);
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`thumbnail worker exited (${code})`)));
    return worker;
  }

  private failAll(worker: Worker, err: Error) {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const [id, job] of this.pending) {
      clearTimeout(job.timer);
      job.reject(err);
      this.pending.delete(id);
    }
  }

  run(format: FileFormat, data: Uint8Array): Promise<Buffer> {
    const worker = (this.worker ??= this.start());
    const id = ++this.seq;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A decoder stuck on a crafted file: end the worker, the next request starts another.
        this.failAll(worker, new Error('thumbnail timed out'));
        void worker.terminate();
      }, TIMEOUT_MS);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, format, data, max: THUMBNAIL_MAX_SIDE, quality: QUALITY });
    });
  }
}

const worker = new ThumbnailWorker();
// Two requests for the same new thumbnail wait for one decode (per process; across instances
// both write the same key, and the atomic rename keeps that harmless).
const inFlight = new Map<string, Promise<string | null>>();
// Files the decoders failed on, so that each later request does not decode them again (rebuilt
// after a restart, which tries once more).
const undecodable = new Set<string>();

/**
 * The key of the thumbnail of a stored JPEG or PNG, made now if it does not exist yet; null for
 * a format without a decoder. A file that cannot be decoded throws (the original still serves).
 */
export function thumbnailOf(store: FileStore, key: string, format: FileFormat): Promise<string | null> {
  if (!canThumbnail(format) || undecodable.has(key)) return Promise.resolve(null);
  const running = inFlight.get(key);
  if (running) return running;
  const job = (async () => {
    const thumbKey = `${key}.${THUMBNAIL_VARIANT}`;
    if (await store.exists(thumbKey)) return thumbKey;
    const original = await store.get(key);
    if (!original) return null;
    const jpeg = await worker.run(format, original).catch((err: Error) => {
      undecodable.add(key);
      throw err;
    });
    return store.putVariant(key, THUMBNAIL_VARIANT, jpeg);
  })().finally(() => inFlight.delete(key));
  inFlight.set(key, job);
  return job;
}
