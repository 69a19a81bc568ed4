/**
 * The published image that verify compares with: each platform's image manifest and
 * config, and the inputs its provenance attestation records, read from its registry.
 */
import { ActionError } from '../../core/errors.js';
import { readLimited } from '../../util/read-limited.js';
import { isDigest } from '../../registry/transport/credential-scope.js';
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

/** The registry's JSON as an object (anything else refused in words, never quoted). */
function parse(body: Buffer, what: string): Json {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ActionError('verify', `The registry's copy of ${what} is not a JSON object.`);
  }
  return json as Json;
}

export async function readPublished(
  client: RegistryClient,
  repo: string,
  reference: string,
): Promise<{ platforms: PublishedPlatform[]; recorded: RecordedInputs | undefined }> {
  const top = await client.getManifest(repo, reference);
  const json = parse(top.body, `the manifest ${reference}`);
  if (json.manifests !== undefined && !Array.isArray(json.manifests)) {
    throw new ActionError('verify', `The registry's copy of ${reference} is not an image index.`);
  }
  json.manifests = json.manifests?.filter((m) => typeof m === 'object' && m !== null);
  const entries = json.manifests
    ? json.manifests.filter((m) => m.platform && m.platform.os !== 'unknown')
    : [{ digest: top.digest, platform: undefined }];
  const platforms: PublishedPlatform[] = [];
  for (const entry of entries) {
    if (typeof entry.digest !== 'string' || !isDigest(entry.digest)) {
      throw new ActionError(
        'verify',
        `The registry's copy of ${reference} names an image by no digest.`,
      );
    }
    const m = entry.digest === top.digest ? top : await client.getManifest(repo, entry.digest);
    const image = parse(m.body, `the manifest ${m.digest}`);
    const configDigest: unknown = image.config?.digest;
    if (typeof configDigest !== 'string' || !isDigest(configDigest)) {
      throw new ActionError(
        'verify',
        `The registry's copy of ${m.digest} is not an image manifest.`,
      );
    }
    const config = await readLimited(await client.getBlob(repo, configDigest));
    const parsed = parse(config, `the config of ${m.digest}`) as Partial<Platform>;
    platforms.push({
      manifestDigest: m.digest,
      config,
      platform: entry.platform ?? {
        os: parsed.os ?? '',
        architecture: parsed.architecture ?? '',
        ...(parsed.variant ? { variant: parsed.variant } : {}),
      },
      layers: (Array.isArray(image.layers) ? image.layers : []).map((l) => ({
        digest: l.digest,
        mediaType: l.mediaType,
        open: () => client.getBlob(repo, l.digest),
      })),
    });
  }
  const att = (json.manifests ?? []).find(
    (m) =>
      typeof m.digest === 'string' &&
      isDigest(m.digest) &&
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
  const manifest = parse(
    (await client.getManifest(repo, digest)).body,
    'the provenance attestation',
  );
  const layer = (Array.isArray(manifest.layers) ? manifest.layers : []).find(
    (l) =>
      typeof l?.digest === 'string' &&
      isDigest(l.digest) &&
      l.annotations?.['in-toto.io/predicate-type'] === PROVENANCE_TYPE,
  );
  if (!layer) return undefined;
  const statement = parse(
    await readLimited(await client.getBlob(repo, layer.digest)),
    'the provenance statement',
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
