/**
 * The registry clients of one run: one per registry host and credentials (and the stage
 * its errors are reported in), made when first asked for and shared by everything the
 * run does there (base images read, credentials checked, tags listed, the image pushed,
 * further images copied), so that the registry's authentication is found out once and its
 * tokens are asked for once per scope. The run closes them all at its end.
 */
import type { Stage } from '../core/errors.js';
import { RegistryClient, type RegistryClientOptions } from './client.js';
import type { RateLimitNotice } from './transport/transport.js';
import { normalizeRegistry } from './reference.js';
import type { Credentials, Logger } from './types.js';

export interface RegistryClientsOptions {
  logger?: Logger;
  /** Time budget for one request including its retries (the retry-timeout). */
  totalTimeoutMs: number;
  /** Makes a client (tests count them). */
  make?: (o: RegistryClientOptions) => RegistryClient;
}

export class RegistryClients {
  private readonly clients = new Map<string, RegistryClient>();
  /** Per registry host: whether its rate limit was said as a warning (one in the run). */
  private readonly rateLimits = new Map<string, RateLimitNotice>();

  constructor(private readonly o: RegistryClientsOptions) {}

  /** The run's client for `registry` with these credentials (none: anonymous). */
  get(registry: string, credentials?: Credentials, stage: Stage = 'push'): RegistryClient {
    const user = credentials?.username ? credentials : undefined;
    // In memory only, never shown: the password tells two accounts' clients apart.
    const host = hostOf(registry);
    const key = JSON.stringify([host, stage, user?.username, user?.password]);
    let client = this.clients.get(key);
    if (client === undefined) {
      const make = this.o.make ?? ((options) => new RegistryClient(options));
      const rateLimit = this.rateLimits.get(host) ?? { warned: false };
      this.rateLimits.set(host, rateLimit);
      client = make({
        registry,
        credentials: user,
        stage,
        logger: this.o.logger,
        totalTimeoutMs: this.o.totalTimeoutMs,
        rateLimit,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Frees every client's kept-alive connections. */
  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}

/** The host a registry name stands for (Docker Hub's names are one); as written if none. */
function hostOf(registry: string): string {
  try {
    return normalizeRegistry(registry.replace(/^https?:\/\//i, '').replace(/\/+$/, ''));
  } catch {
    return registry;
  }
}
