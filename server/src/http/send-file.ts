// Serving a stored file: the type fixed at upload from its bytes, never guessed by the browser
// (nosniff), shown inline under a name the server made, and cached only by the user's browser.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface ServedFile {
  bytes: Buffer;
  contentType: string;
  filename: string;
  /** Names exactly these bytes (their SHA-256). */
  etag: string;
  /** PDF and other documents download; images show. */
  download?: boolean;
}

export function sendFile(request: FastifyRequest, reply: FastifyReply, file: ServedFile) {
  const etag = `"${file.etag}"`;
  reply
    .header('content-type', file.contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `${file.download ? 'attachment' : 'inline'}; filename="${file.filename}"`)
    // Opened on its own, the file may run nothing and load nothing.
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=86400')
    .header('etag', etag);
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.send(file.bytes);
}
