/**
 * The instructions of a stage, carried out on its filesystem and image config as
 * BuildKit does: COPY, ADD and WORKDIR make a layer each, the others change the config
 * and add a history entry.
 */
import { parseChmod } from '../../fs/chmod.js';
import { applyCopy } from '../../fs/copy.js';
import type { Env } from '../../util/child-env.js';
import { ContextError } from '../../fs/context-error.js';
import { cleanImagePath } from '../../fs/image-path.js';
import { ImageTree, layerEntriesFor, mkdirAll, type Owner } from '../../fs/image-tree.js';
import { StageFs, type ContextFs, type SourceFs } from '../../fs/sources.js';
import { ownerNeedsLookup, resolveOwner, tryOwner, userFiles } from '../../fs/users.js';
import type {
  AddInstruction,
  CopyInstruction,
  Instruction,
  KeyValue,
  WorkdirInstruction,
} from '../../dockerfile/dockerfile.js';
import type { StageImage } from '../../image/stage-image.js';
import type { LayerEntry } from '../../layers/tar-layer.js';
import { heredocSources, linkedLayer, overlay } from './copy-sources.js';
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
  /** The step's environment, which ADD's decompressors inherit. */
  env?: Env;
  /** Records the layer of the paths an instruction changed. */
  addLayer: (ins: Instruction, entries: LayerEntry[], createdBy: string) => void;
  /** The stage's FROM, for messages. */
  stageBase: string;
  /** COPY --from=<image>: the image's files. */
  imageFs: (ref: string) => Promise<SourceFs>;
}

export async function dispatch(ins: Instruction, c: StageScope): Promise<void> {
  const { img } = c;
  const pairs = (list: KeyValue[]): Array<[string, string]> => list.map((p) => [p.key, p.value]);
  switch (ins.keyword) {
    case 'ENV':
      return img.env(pairs(ins.env));
    case 'LABEL':
      return img.label(pairs(ins.labels));
    case 'ARG':
      return img.arg(ins.args.map((a) => [a.name, a.value] as const));
    case 'EXPOSE':
      return img.expose(ins.ports);
    case 'CMD':
      return img.cmd(ins.command, ins.prependShell);
    case 'ENTRYPOINT':
      return img.entrypoint(ins.command, ins.prependShell);
    case 'SHELL':
      return img.shell(ins.shell);
    case 'USER':
      return img.user(ins.user);
    case 'VOLUME':
      return img.volume(ins.paths);
    case 'STOPSIGNAL':
      return img.stopSignal(ins.signal);
    case 'MAINTAINER':
      return img.maintainer(ins.maintainer);
    case 'ONBUILD':
      return img.onbuild(ins.expression);
    case 'HEALTHCHECK':
      return img.healthcheck(ins);
    case 'WORKDIR':
      return workdir(ins, c);
    case 'COPY':
    case 'ADD':
      return copy(ins, c);
    default:
      throw new ContextError(`${ins.keyword} is not supported by the native builder`);
  }
}

/** WORKDIR: BuildKit makes the directory (mkdir -p, owned by USER) in a layer, unless it is `/`. */
async function workdir(ins: WorkdirInstruction, c: StageScope): Promise<void> {
  const { img, state } = c;
  const wd = img.setWorkdir(ins.path);
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

/** `--chown`, resolved in the stage (names need the stage's /etc/passwd and /etc/group). */
async function copyOwner(spec: string | undefined, c: StageScope): Promise<Owner | undefined> {
  if (spec === undefined || spec === '') return undefined;
  const lookup = ownerNeedsLookup(spec);
  if (lookup && !c.state.tree.complete) {
    throw new ContextError(
      `--chown=${spec} names a user or group, which the native builder cannot look up in the base image ${c.stageBase} (its layers are not read)`,
      'Use numeric ids (for example --chown=1000:1000), or the docker builder.',
    );
  }
  return resolveOwner(spec, lookup ? await userFiles(c.state.tree) : {});
}

/** What COPY/ADD copy from: the build context, a stage, or a registry image. */
async function copySource(ins: CopyInstruction | AddInstruction, c: StageScope): Promise<SourceFs> {
  if (ins.keyword !== 'COPY' || ins.from === undefined || ins.from === '') return c.buildContext;
  if (ins.fromStage === undefined) return c.imageFs(ins.from);
  const source = c.stages.get(ins.fromStage);
  if (source === undefined) {
    throw new ContextError(`--from=${ins.from} does not name an earlier build stage`);
  }
  return new StageFs(source.label, source.tree);
}

/**
 * COPY/ADD: the sources, then the heredoc sources, in one layer. With `--link` (and no
 * --chmod) the layer is made on an empty filesystem (its parent directories are its own, 0755 and owned by
 * --chown or root) and then laid over the stage, as BuildKit's merge does.
 */
async function copy(ins: CopyInstruction | AddInstruction, c: StageScope): Promise<void> {
  const { state } = c;
  const { sources, heredocs, dest } = ins;
  const linked = linkedLayer(ins);
  const chown = await copyOwner(ins.chown, c);
  const chmod = ins.chmod !== undefined && ins.chmod !== '' ? parseChmod(ins.chmod) : undefined;
  const target = linked ? new ImageTree(true) : state.tree;
  const { tmpDir, env } = c;
  const request = { dest, workdir: c.img.workdir, target, chown, chmod, tmpDir, env };
  const changed: string[] = [];
  if (sources.length > 0) {
    const from = await copySource(ins, c);
    changed.push(...(await applyCopy({ ...request, instruction: ins.keyword, sources, from })));
  }
  if (heredocs.length > 0) {
    const docs = await heredocSources(heredocs, c.tmpDir);
    // Copied as COPY copies: ADD does not unpack a heredoc.
    const req = { ...request, instruction: 'COPY' as const, sources: docs.names, from: docs.from };
    changed.push(...(await applyCopy(req)));
  }
  if (linked) overlay(state.tree, target);

  // BuildKit's history text: the flags it records, the sources and destination as expanded.
  const words: string[] = [ins.keyword];
  if (ins.chown) words.push(`--chown=${ins.chown}`);
  if (ins.chmod) words.push(`--chmod=${ins.chmod}`);
  words.push(...sources, ...heredocs.map((h) => `<<${h.name}`), dest, '# buildkit');
  c.addLayer(ins, layerEntriesFor(target, changed), words.join(' '));
}
