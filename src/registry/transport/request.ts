/** One registry request as the transport sends it; shared by the request loop and the handshake. */
import type { Operation } from '../errors.js';
import type { BodySource } from './http.js';

export interface Request extends Operation {
  method: string;
  url: URL;
  /** Token scopes this request needs. */
  scopes: string[];
  headers?: Record<string, string>;
  body?: BodySource;
  contentLength?: number | 'chunked';
  stream?: boolean;
  /** Retry transient failures here (false when the caller knows better, e.g. uploads). */
  retry?: boolean;
  /** Hand 401/403 (after one re-authentication) back instead of throwing. */
  allowDenied?: boolean;
  /** Send no registry credentials (token service, redirect to another host). */
  anonymous?: boolean;
  /** Extra Authorization for anonymous requests (the token service's Basic). */
  authorization?: string;
  followRedirects?: boolean;
}
