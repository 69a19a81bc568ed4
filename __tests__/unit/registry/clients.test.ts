/**
 * The run's registry clients: one registry's rate limit is said once as a warning in the
 * run, whichever of the run's clients for that registry met it first (a verify run reads
 * the published image in the build stage and the base images in the push stage).
 */
import { expect, it } from 'vitest';
import { RegistryClients } from '../../../src/registry/clients.js';
import { faults } from '../../fixtures/fault-proxy.js';
import { bench, blob, bytes } from '../../fixtures/upload-bench.js';

it("warns of a registry's rate limit once in the run, whichever client meets it", async () => {
  const { proxy, lines } = await bench();
  const logger = {
    info: (m: string) => lines.push(`info: ${m}`),
    debug: () => undefined,
    warning: (m: string) => lines.push(`warning: ${m}`),
  };
  const clients = new RegistryClients({ logger, totalTimeoutMs: 60_000 });
  try {
    const limited429 = { kind: 'blob-head', fault: faults.tooManyRequests('json', 0) } as const;
    proxy.arm(limited429);
    await clients.get(proxy.host, undefined, 'build').hasBlob('team/app', blob(bytes(10)).digest);
    proxy.arm(limited429);
    await clients.get(proxy.host, undefined, 'push').hasBlob('team/app', blob(bytes(20)).digest);
    expect(proxy.injected).toHaveLength(2);
    const limited = lines.filter((l) => /rate limited \(HTTP 429/.test(l));
    expect(limited).toHaveLength(2);
    expect(limited.filter((l) => l.startsWith('warning: '))).toHaveLength(1);
  } finally {
    clients.close();
  }
});
