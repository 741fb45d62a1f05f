// One webhook POST, connected to the address targets.ts has checked: the request's own DNS look-up
// is replaced by that address, so a name cannot answer a public address to the check and an inside
// one to the connection (DNS rebinding). The URL keeps its host name, so Host and TLS (SNI and the
// certificate check) are the receiver's as usual. No connection pool: a reused socket could lead
// elsewhere. Only the status line of the answer is read, never its body.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './targets.js';

export interface PostAnswer {
  status: number;
  statusText: string;
}

export interface PostRequest {
  headers: Record<string, string>;
  body: string;
  /** Ends the request (connect and the answer's head): the worker's timeout. */
  signal: AbortSignal;
}

/** The look-up a request makes for its host, answered with the checked address only. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

export function postPinned(url: URL, pinned: ResolvedAddress, req: PostRequest): Promise<PostAnswer> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...req.headers, 'Content-Length': String(Buffer.byteLength(req.body)) },
        lookup: pinnedLookup(pinned),
        agent: false,
        signal: req.signal,
      },
      (res) => {
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '' });
        // The body is not ours to keep (it may be an inside page); the socket goes with it.
        res.destroy();
      },
    );
    request.on('error', reject);
    request.end(req.body);
  });
}
