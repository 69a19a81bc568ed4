/**
 * The published image that verify compares with: each platform's image manifest and
 * config, and the inputs its provenance attestation records, read from its registry.
 */
import { readLimited } from '../../util/read-limited.js';
import type { RegistryClient } from '../../registry/client.js';
import {
  ATTESTATION_MANIFEST,
  REFERENCE_DIGEST,
  REFERENCE_TYPE,
} from '../attestations/manifest.js';
import { PROVENANCE_TYPE } from '../attestations/params.js';
import type { Platform } from '../platform.js';
import type { ComparedImage } from './compare.js';

export interface PublishedPlatform extends ComparedImage {
  platform: Platform;
}

/** What the provenance records of the inputs that shape the image. */
export interface RecordedInputs {
  buildCommand?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  withheld?: string[];
  platforms?: string[];
  commit?: string;
  ref?: string;
}

interface Json {
  mediaType?: string;
  config?: { digest: string };
  layers?: Array<{ digest: string; mediaType: string; annotations?: Record<string, string> }>;
  manifests?: Array<{
    digest: string;
    platform?: Platform;
    annotations?: Record<string, string>;
  }>;
}

export async function readPublished(
  client: RegistryClient,
  repo: string,
  reference: string,
): Promise<{ platforms: PublishedPlatform[]; recorded: RecordedInputs | undefined }> {
  const top = await client.getManifest(repo, reference);
  const json = JSON.parse(top.body.toString('utf8')) as Json;
  const entries = json.manifests
    ? json.manifests.filter((m) => m.platform && m.platform.os !== 'unknown')
    : [{ digest: top.digest, platform: undefined }];
  const platforms: PublishedPlatform[] = [];
  for (const entry of entries) {
    const m = entry.digest === top.digest ? top : await client.getManifest(repo, entry.digest);
    const image = JSON.parse(m.body.toString('utf8')) as Json;
    const config = await readLimited(await client.getBlob(repo, image.config!.digest));
    const parsed = JSON.parse(config.toString('utf8')) as Partial<Platform>;
    platforms.push({
      manifestDigest: m.digest,
      config,
      platform: entry.platform ?? {
        os: parsed.os ?? '',
        architecture: parsed.architecture ?? '',
        ...(parsed.variant ? { variant: parsed.variant } : {}),
      },
      layers: (image.layers ?? []).map((l) => ({
        digest: l.digest,
        mediaType: l.mediaType,
        open: () => client.getBlob(repo, l.digest),
      })),
    });
  }
  const att = (json.manifests ?? []).find(
    (m) =>
      m.annotations?.[REFERENCE_TYPE] === ATTESTATION_MANIFEST &&
      m.annotations[REFERENCE_DIGEST] === platforms[0]?.manifestDigest,
  );
  return { platforms, recorded: att ? await readProvenance(client, repo, att.digest) : undefined };
}

async function readProvenance(
  client: RegistryClient,
  repo: string,
  digest: string,
): Promise<RecordedInputs | undefined> {
  const manifest = JSON.parse(
    (await client.getManifest(repo, digest)).body.toString('utf8'),
  ) as Json;
  const layer = manifest.layers?.find(
    (l) => l.annotations?.['in-toto.io/predicate-type'] === PROVENANCE_TYPE,
  );
  if (!layer) return undefined;
  const statement = JSON.parse(
    (await readLimited(await client.getBlob(repo, layer.digest))).toString('utf8'),
  ) as { predicate?: { buildDefinition?: { externalParameters?: Record<string, unknown> } } };
  const p = statement.predicate?.buildDefinition?.externalParameters;
  if (!p) return undefined;
  const source = (p.source ?? {}) as { commit?: unknown; ref?: unknown };
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const strings = (v: unknown) =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  const args = p.buildArgs;
  return {
    buildCommand: text(p.buildCommand),
    target: text(p.target),
    buildArgs:
      args && typeof args === 'object' && !Array.isArray(args)
        ? Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)]))
        : undefined,
    withheld: strings(p.buildArgsWithheld),
    platforms: strings(p.platforms),
    commit: text(source.commit),
    ref: text(source.ref),
  };
}
