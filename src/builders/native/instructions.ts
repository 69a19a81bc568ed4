/**
 * The instructions of a stage, carried out on its filesystem and image config as
 * BuildKit does: COPY, ADD and WORKDIR make a layer each, the others change the config
 * and add a history entry.
 */
import { applyCopy, parseChmod } from '../../fs/copy.js';
import { ContextError } from '../../fs/context-error.js';
import { cleanImagePath } from '../../fs/image-path.js';
import { layerEntriesFor, mkdirAll, type Owner } from '../../fs/image-tree.js';
import { StageFs, type ContextFs, type SourceFs } from '../../fs/sources.js';
import { ownerNeedsLookup, resolveOwner, tryOwner, userFiles } from '../../fs/users.js';
import type { Instruction } from '../../dockerfile/dockerfile.js';
import type { StageImage } from '../../image/stage-image.js';
import type { LayerEntry } from '../../layers/tar-layer.js';
import type { BuiltStage } from './stage-start.js';

/** What an instruction of a stage works on. */
export interface StageScope {
  img: StageImage;
  state: BuiltStage;
  /** The stages built so far, for COPY --from. */
  stages: ReadonlyMap<number, BuiltStage>;
  buildContext: ContextFs;
  /** Where ADD extracts archives. */
  tmpDir: string;
  /** Records the layer of the paths an instruction changed. */
  addLayer: (ins: Instruction, entries: LayerEntry[], createdBy: string) => void;
  /** The stage's FROM, for messages. */
  stageBase: string;
  /** COPY --from=<image>: the image's files. */
  imageFs: (ref: string) => Promise<SourceFs>;
}

function pairs(args: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < args.length; i += 2) out.push([args[i]!, args[i + 1]!]);
  return out;
}

export async function dispatch(ins: Instruction, c: StageScope): Promise<void> {
  const { img } = c;
  const a = ins.args;
  switch (ins.keyword) {
    case 'ENV':
      img.env(pairs(a));
      return;
    case 'LABEL':
      img.label(pairs(a));
      return;
    case 'ARG':
      img.arg(
        a.map((s) => {
          const i = s.indexOf('=');
          return i < 0 ? ([s, undefined] as const) : ([s.slice(0, i), s.slice(i + 1)] as const);
        }),
      );
      return;
    case 'EXPOSE':
      img.expose(a);
      return;
    case 'CMD':
      img.cmd(a, !ins.json);
      return;
    case 'ENTRYPOINT':
      img.entrypoint(a, !ins.json);
      return;
    case 'SHELL':
      img.shell(a);
      return;
    case 'USER':
      img.user(a[0] ?? '');
      return;
    case 'VOLUME':
      img.volume(a);
      return;
    case 'STOPSIGNAL':
      img.stopSignal(a[0] ?? '');
      return;
    case 'MAINTAINER':
      img.maintainer(a[0] ?? '');
      return;
    case 'ONBUILD':
      img.onbuild(a[0] ?? '');
      return;
    case 'HEALTHCHECK':
      img.healthcheck({
        test: a,
        interval: ins.flags['interval'],
        timeout: ins.flags['timeout'],
        startPeriod: ins.flags['start-period'],
        startInterval: ins.flags['start-interval'],
        retries: ins.flags['retries'],
      });
      return;
    case 'WORKDIR':
      await workdir(ins, c);
      return;
    case 'COPY':
    case 'ADD':
      await copy(ins, c);
      return;
    default:
      throw new ContextError(`${ins.keyword} is not supported by the native builder`);
  }
}

/** WORKDIR: BuildKit makes the directory (mkdir -p, owned by USER) in a layer, unless it is `/`. */
async function workdir(ins: Instruction, c: StageScope): Promise<void> {
  const { img, state } = c;
  const wd = img.setWorkdir(ins.args[0] ?? '');
  if (cleanImagePath(wd) === '/') {
    img.workdirHistory(wd, false);
    return;
  }
  const tree = state.tree;
  const changed = new Set<string>();
  const user = img.config.User;
  let owner: Owner = { uid: 0, gid: 0 };
  if (user) {
    const resolved = await tryOwner(user, tree);
    if (resolved !== undefined) owner = resolved;
    else if (tree.complete) owner = resolveOwner(user, await userFiles(tree)); // throws the reason
  }
  mkdirAll(tree, wd, owner, changed);
  if (!tree.complete && owner.uid !== 0) {
    // The base filesystem is unknown: the directory is written for the USER to own it
    // (Docker creates it so), its parents are left to the base image.
    const leaf = tree.resolve(wd, true);
    if (leaf.node?.type === 'dir' && leaf.node.implicit) {
      tree.set(leaf.path, { type: 'dir', mode: 0o755, uid: owner.uid, gid: owner.gid });
      changed.add(leaf.path);
    }
  }
  c.addLayer(ins, layerEntriesFor(tree, changed), `WORKDIR ${wd}`);
}

async function copy(ins: Instruction, c: StageScope): Promise<void> {
  const { state } = c;
  const flags = ins.flags;
  if (ins.args.length < 2) throw new ContextError(`${ins.keyword} requires at least two arguments`);
  const sources = ins.args.slice(0, -1);
  const dest = ins.args[ins.args.length - 1]!;

  let from: SourceFs = c.buildContext;
  if (flags['from'] !== undefined && flags['from'] !== '') {
    const source = ins.fromStage !== undefined ? c.stages.get(ins.fromStage) : undefined;
    if (ins.fromStage === undefined) from = await c.imageFs(flags['from']);
    else if (source === undefined) {
      throw new ContextError(`--from=${flags['from']} does not name an earlier build stage`);
    } else from = new StageFs(source.label, source.tree);
  }
  const chownSpec = flags['chown'];
  let chown: Owner | undefined;
  if (chownSpec !== undefined && chownSpec !== '') {
    const lookup = ownerNeedsLookup(chownSpec);
    if (lookup && !state.tree.complete) {
      throw new ContextError(
        `--chown=${chownSpec} names a user or group, which the native builder cannot look up in the base image ${c.stageBase} (its layers are not read)`,
        'Use numeric ids (for example --chown=1000:1000), or the docker builder.',
      );
    }
    chown = resolveOwner(chownSpec, lookup ? await userFiles(state.tree) : {});
  }
  const chmodSpec = flags['chmod'];
  const chmod = chmodSpec !== undefined && chmodSpec !== '' ? parseChmod(chmodSpec) : undefined;

  const changed = await applyCopy({
    instruction: ins.keyword === 'ADD' ? 'ADD' : 'COPY',
    sources,
    dest,
    workdir: c.img.workdir,
    from,
    target: state.tree,
    chown,
    chmod,
    tmpDir: c.tmpDir,
  });

  // BuildKit's history text: the flags it records, the sources and destination as expanded.
  let createdBy = ins.keyword;
  if (chownSpec) createdBy += ` --chown=${chownSpec}`;
  if (chmodSpec) createdBy += ` --chmod=${chmodSpec}`;
  createdBy += ` ${sources.join(' ')} ${dest} # buildkit`;
  c.addLayer(ins, layerEntriesFor(state.tree, changed), createdBy);
}
