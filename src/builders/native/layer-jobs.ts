/**
 * The layers a native build writes: compressed in the background, a few at a time,
 * while the next instructions are carried out; their diff_ids are filled into the
 * image config once they are done.
 */
import { LocatedError } from '../../dockerfile/dockerfile.js';
import type { BuiltLayer } from '../../image/built-image.js';
import type { LayerEntry } from '../../layers/tar-layer.js';
import { LiveLayer } from '../../layers/live-layer.js';
import type { LayerContents } from '../../image/attestations/image-files.js';
import { EntryFollower } from '../../image/attestations/layer-follower.js';
import { buildLayer, type LayerBlob, type LayerOptions } from '../../layers/tar-layer.js';

/** A layer being compressed: its slot in diff_ids is filled in when it is done. */
export interface PendingLayer {
  placeholder: string;
  job: Promise<LayerBlob>;
  /** The instruction that made it, for messages. */
  line: number;
  keyword: string;
  /** Its files, read as it was written (when followed). */
  contents?: Promise<LayerContents | undefined>;
}

/** A layer of a stage: one it has (from its base) or one it is writing. */
export type StageLayer = BuiltLayer | PendingLayer;

function isPending(l: StageLayer): l is PendingLayer {
  return 'job' in l;
}

/** Layers that may wait to be written while the next instructions are dispatched. */
const MAX_QUEUED = 64;

/** Runs jobs with at most `limit` at a time. */
function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Every layer job of one build. */
export class LayerJobs {
  private readonly run: <T>(fn: () => Promise<T>) => Promise<T>;
  private readonly jobs: Array<Promise<LayerBlob>> = [];
  private count = 0;

  constructor(
    limit: number,
    private readonly options: LayerOptions,
    /** Told of each layer as it starts, to follow it while it is written (an upload). */
    private readonly onLayer?: (live: LiveLayer) => void,
    /** Read each layer's files as it is written (for the SBOM). */
    private readonly followFiles = false,
  ) {
    this.run = limiter(limit);
  }

  /** The diff_id a layer has in the config until its job is done. */
  placeholder(): string {
    return `pending:${this.count++}`;
  }

  /** Starts writing a layer of these entries. */
  start(
    placeholder: string,
    entries: LayerEntry[],
    by: { line: number; keyword: string },
  ): PendingLayer {
    const live = this.onLayer ? new LiveLayer() : undefined;
    if (live) this.onLayer!(live);
    const follower = this.followFiles ? new EntryFollower() : undefined;
    const options = follower ? { ...this.options, observe: follower } : this.options;
    const job = this.run(() => buildLayer(entries, options, live));
    // Awaited later; this keeps a failure from being reported as unhandled meanwhile.
    job.then(
      () => follower?.end(),
      () => follower?.abort(),
    );
    this.jobs.push(job);
    return { placeholder, job, line: by.line, keyword: by.keyword, contents: follower?.contents };
  }

  /** Waits while MAX_QUEUED layers wait to be written: memory does not grow with them. */
  async throttle(): Promise<void> {
    await this.jobs[this.jobs.length - MAX_QUEUED]?.catch(() => undefined);
  }

  /** Lets every job finish (before the caller removes the temporary directory). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.jobs);
  }
}

/**
 * The layers in order, once their jobs are done; each placeholder in `diffIds` is
 * replaced by its layer's diff_id. Placeholders are found through a map: an indexOf
 * per layer would cost n² for n COPY and ADD instructions.
 */
export async function finishedLayers(
  stageLayers: readonly StageLayer[],
  diffIds: string[],
  file: string,
): Promise<BuiltLayer[]> {
  const layers: BuiltLayer[] = [];
  const position = new Map(diffIds.map((id, i) => [id, i]));
  for (const l of stageLayers) {
    if (!isPending(l)) {
      layers.push(l);
      continue;
    }
    let blob: LayerBlob;
    try {
      blob = await l.job;
    } catch (err) {
      const detail = `writing the layer failed: ${(err as Error).message}`;
      const hint =
        'A file of the build context may have changed or become unreadable during the build.';
      throw new LocatedError({ file, line: l.line, what: l.keyword }, detail, hint, { cause: err });
    }
    const i = position.get(l.placeholder);
    if (i !== undefined) diffIds[i] = blob.diffId;
    layers.push({
      digest: blob.digest,
      size: blob.size,
      diffId: blob.diffId,
      mediaType: blob.mediaType,
      path: blob.path,
      ...(l.contents ? { contents: l.contents } : {}),
    });
  }
  return layers;
}
