/**
 * The image config, manifest and index of a native build: pure functions and a small
 * state object that applies Dockerfile instructions to a config with BuildKit's
 * semantics (dockerfile2llb), and serializes everything deterministically.
 *
 * Serialization follows what BuildKit writes: compact JSON, the top-level keys of the
 * config in byte order (BuildKit re-marshals it through a map), struct fields in the
 * order of the Go types, maps (labels, ports, volumes) with their keys in byte order,
 * and `<`, `>`, `&`, U+2028 and U+2029 escaped like Go's encoding/json.
 */
import { createHash } from 'node:crypto';
import type { HealthcheckOptions } from '../dockerfile/dockerfile.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface HealthConfig {
  Test?: string[];
  /** Durations in nanoseconds; 0 or absent means "inherit". */
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** The `config` object of an image config (Docker's extension of OCI's ImageConfig). */
export interface ContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ArgsEscaped?: boolean;
  Healthcheck?: HealthConfig;
  OnBuild?: string[];
  Shell?: string[];
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
  author?: string;
  created?: string;
  config: ContainerConfig;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history: HistoryEntry[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
}

export const MEDIA_TYPES = {
  config: 'application/vnd.oci.image.config.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  layerTar: 'application/vnd.oci.image.layer.v1.tar',
  layerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
} as const;

/** Docker's default PATH for Linux images (system.DefaultPathEnv). */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The `comment` BuildKit puts on every history entry of a Dockerfile build. */
export const HISTORY_COMMENT = 'buildkit.dockerfile.v0';

export function sha256Digest(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** `created` timestamps: seconds since 1970, as Go's time.Time marshals in UTC. */
export function epochToCreated(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/** The config of an image `FROM scratch` (BuildKit's emptyImage). */
export function scratchConfig(platform: Platform): ImageConfig {
  return {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: { Env: [`PATH=${DEFAULT_PATH}`], WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: [] },
    history: [],
  };
}

/**
 * Reads a base image's config, keeping only the fields an image config has (the legacy
 * `container_config`, `container`, `docker_version`... are dropped, as BuildKit does).
 */
export function parseImageConfig(raw: Buffer | string): ImageConfig {
  let v: unknown;
  try {
    v = JSON.parse(raw.toString());
  } catch (err) {
    throw new Error(`The base image config is not JSON: ${(err as Error).message}`);
  }
  const o = obj(v) ?? {};
  const c = obj(o['config']) ?? {};
  const rootfs = obj(o['rootfs']) ?? {};
  const config: ContainerConfig = {};
  const user = str(c['User']);
  if (user) config.User = user;
  const ports = setMap(c['ExposedPorts']);
  if (ports) config.ExposedPorts = ports;
  const env = strList(c['Env']);
  if (env) config.Env = env;
  const entrypoint = strList(c['Entrypoint']);
  if (entrypoint) config.Entrypoint = entrypoint;
  const cmd = strList(c['Cmd']);
  if (cmd) config.Cmd = cmd;
  const volumes = setMap(c['Volumes']);
  if (volumes) config.Volumes = volumes;
  const wd = str(c['WorkingDir']);
  if (wd) config.WorkingDir = wd;
  const labels = obj(c['Labels']);
  if (labels) {
    config.Labels = {};
    for (const [k, lv] of Object.entries(labels)) if (typeof lv === 'string') config.Labels[k] = lv;
  }
  const stop = str(c['StopSignal']);
  if (stop) config.StopSignal = stop;
  if (c['ArgsEscaped'] === true) config.ArgsEscaped = true;
  const hc = obj(c['Healthcheck']);
  if (hc) {
    const h: HealthConfig = {};
    const test = strList(hc['Test']);
    if (test) h.Test = test;
    for (const k of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'] as const) {
      const n = hc[k];
      if (typeof n === 'number' && n !== 0) h[k] = n;
    }
    config.Healthcheck = h;
  }
  const onbuild = strList(c['OnBuild']);
  if (onbuild && onbuild.length > 0) config.OnBuild = onbuild;
  const shell = strList(c['Shell']);
  if (shell && shell.length > 0) config.Shell = shell;

  const history: HistoryEntry[] = [];
  if (Array.isArray(o['history'])) {
    for (const h of o['history']) {
      const e = obj(h) ?? {};
      const entry: HistoryEntry = {};
      if (str(e['created'])) entry.created = str(e['created']);
      if (str(e['created_by'])) entry.created_by = str(e['created_by']);
      if (str(e['author'])) entry.author = str(e['author']);
      if (str(e['comment'])) entry.comment = str(e['comment']);
      if (e['empty_layer'] === true) entry.empty_layer = true;
      history.push(entry);
    }
  }
  const img: ImageConfig = {
    architecture: str(o['architecture']) ?? '',
    os: str(o['os']) ?? '',
    config,
    rootfs: {
      type: 'layers',
      diff_ids: (strList(rootfs['diff_ids']) ?? []).slice(),
    },
    history,
  };
  if (str(o['variant'])) img.variant = str(o['variant']);
  if (str(o['os.version'])) img['os.version'] = str(o['os.version']);
  const features = strList(o['os.features']);
  if (features && features.length > 0) img['os.features'] = features;
  if (str(o['author'])) img.author = str(o['author']);
  return img;
}

/**
 * One stage's image config under construction. Methods apply one instruction each and
 * record the history entry BuildKit records; they throw a plain Error with a message
 * for the user when the instruction is invalid (the caller adds file and line).
 */
export class StageImage {
  readonly image: ImageConfig;
  /** CMD was set in this stage: a later ENTRYPOINT keeps it. */
  private cmdSet = false;

  constructor(
    base: ImageConfig,
    platform: Platform,
    private readonly created: string,
  ) {
    this.image = structuredClone(base);
    delete this.image.created;
    this.image.architecture = platform.architecture;
    this.image.os = platform.os;
    if (platform.variant) this.image.variant = platform.variant;
    else if (base.architecture !== platform.architecture || base.os !== platform.os) {
      delete this.image.variant;
    }
    // BuildKit makes sure PATH is always set (except on Windows).
    const env = (this.image.config.Env ??= []);
    if (platform.os !== 'windows' && !env.some((e) => envKey(e) === 'PATH')) {
      env.push(`PATH=${DEFAULT_PATH}`);
    }
  }

  get config(): ContainerConfig {
    return this.image.config;
  }

  /** The environment as a map (later entries win, as a shell would see it). */
  envMap(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.image.config.Env ?? []) {
      const i = e.indexOf('=');
      out[i < 0 ? e : e.slice(0, i)] = i < 0 ? '' : e.slice(i + 1);
    }
    return out;
  }

  /** The working directory, `/` when unset. */
  get workdir(): string {
    return this.image.config.WorkingDir || '/';
  }

  private history(createdBy: string, withLayer: boolean): void {
    const h: HistoryEntry = {
      created: this.created,
      created_by: createdBy,
      comment: HISTORY_COMMENT,
    };
    if (!withLayer) h.empty_layer = true;
    this.image.history.push(h);
  }

  /** A layer produced by COPY/ADD/WORKDIR: its diff_id and history entry. */
  addLayer(diffId: string, createdBy: string): void {
    this.image.rootfs.diff_ids.push(diffId);
    this.history(createdBy, true);
  }

  env(pairs: ReadonlyArray<readonly [string, string]>): void {
    const env = (this.image.config.Env ??= []);
    for (const [k, v] of pairs) {
      if (k === '') throw new Error('ENV names can not be blank');
      const i = env.findIndex((e) => envKey(e) === k);
      if (i >= 0) env[i] = `${k}=${v}`;
      else env.push(`${k}=${v}`);
    }
    this.history(`ENV ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`, false);
  }

  label(pairs: ReadonlyArray<readonly [string, string]>): void {
    const labels = (this.image.config.Labels ??= {});
    for (const [k, v] of pairs) {
      if (k === '') throw new Error('LABEL names can not be blank');
      labels[k] = v;
    }
    this.history(`LABEL ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`, false);
  }

  /** Labels of the build (the action's labels input): set last, without history. */
  setLabels(labels: Record<string, string>): void {
    if (Object.keys(labels).length === 0) return;
    this.image.config.Labels = { ...(this.image.config.Labels ?? {}), ...labels };
  }

  expose(ports: readonly string[]): void {
    const specs = ports.flatMap(parsePortSpec);
    const exposed = (this.image.config.ExposedPorts ??= {});
    for (const p of specs) exposed[p] = {};
    this.history(`EXPOSE [${specs.join(' ')}]`, false);
  }

  /** CMD: exec form as given; shell form (one string) wrapped in SHELL or /bin/sh -c. */
  cmd(args: readonly string[], shellForm: boolean): void {
    const cmd = shellForm ? this.withShell(args) : [...args];
    this.image.config.Cmd = cmd;
    this.image.config.ArgsEscaped = true;
    this.cmdSet = true;
    this.history(`CMD ${goQuoteList(cmd)}`, false);
  }

  /** ENTRYPOINT: also clears a CMD inherited from the base image (not one set in this stage). */
  entrypoint(args: readonly string[], shellForm: boolean): void {
    const ep = shellForm ? this.withShell(args) : [...args];
    this.image.config.Entrypoint = ep;
    if (!this.cmdSet) delete this.image.config.Cmd;
    this.history(`ENTRYPOINT ${goQuoteList(ep)}`, false);
  }

  shell(args: readonly string[]): void {
    if (args.length === 0) throw new Error('SHELL requires at least one argument');
    this.image.config.Shell = [...args];
    this.history(`SHELL [${args.join(' ')}]`, false);
  }

  /**
   * WORKDIR: resolves the path against the current one and sets it. Returns the new
   * directory; the caller creates it in a layer (BuildKit does unless it is `/`) and
   * then calls workdirHistory.
   */
  setWorkdir(path: string): string {
    if (path === '') throw new Error('WORKDIR requires a path');
    const wd = resolveWorkdir(this.workdir, path);
    this.image.config.WorkingDir = wd;
    return wd;
  }

  /** The history entry of a WORKDIR, with the layer it made (BuildKit: all but `/`). */
  workdirHistory(wd: string, withLayer: boolean, diffId?: string): void {
    if (withLayer) {
      if (diffId === undefined) throw new Error('WORKDIR layer without diff_id');
      this.addLayer(diffId, `WORKDIR ${wd}`);
    } else this.history(`WORKDIR ${wd}`, false);
  }

  user(user: string): void {
    if (user === '') throw new Error('USER requires a user name or id');
    this.image.config.User = user;
    this.history(`USER ${user}`, false);
  }

  volume(paths: readonly string[]): void {
    const volumes = (this.image.config.Volumes ??= {});
    for (const p of paths) {
      if (p === '') throw new Error('VOLUME specified can not be an empty string');
      volumes[p] = {};
    }
    this.history(`VOLUME [${paths.join(' ')}]`, false);
  }

  stopSignal(signal: string): void {
    if (!isSignal(signal)) throw new Error(`Invalid STOPSIGNAL ${JSON.stringify(signal)}`);
    this.image.config.StopSignal = signal;
    this.history(`STOPSIGNAL ${signal}`, false);
  }

  /** HEALTHCHECK as the Dockerfile parser checked it (durations in nanoseconds). */
  healthcheck(h: HealthcheckOptions): void {
    const kind = h.test[0];
    if (kind === 'NONE') {
      if (h.test.length > 1) throw new Error('HEALTHCHECK NONE takes no other arguments');
    } else if (kind !== 'CMD' && kind !== 'CMD-SHELL') {
      throw new Error('HEALTHCHECK expects NONE or CMD');
    } else if (h.test.length < 2) {
      throw new Error('HEALTHCHECK CMD requires a command');
    }
    const hc: HealthConfig = { Test: [...h.test] };
    if (h.interval) hc.Interval = h.interval;
    if (h.timeout) hc.Timeout = h.timeout;
    if (h.startPeriod) hc.StartPeriod = h.startPeriod;
    if (h.startInterval) hc.StartInterval = h.startInterval;
    if (h.retries) hc.Retries = h.retries;
    this.image.config.Healthcheck = hc;
    const shown =
      `{Test:[${hc.Test!.join(' ')}] Interval:${goDuration(hc.Interval ?? 0)}` +
      ` Timeout:${goDuration(hc.Timeout ?? 0)} StartPeriod:${goDuration(hc.StartPeriod ?? 0)}` +
      ` StartInterval:${goDuration(hc.StartInterval ?? 0)} Retries:${hc.Retries ?? 0}}`;
    this.history(`HEALTHCHECK ${shown}`, false);
  }

  /** ARG inside a stage: only a history entry (values as resolved). */
  arg(pairs: ReadonlyArray<readonly [string, string | undefined]>): void {
    this.history(
      `ARG ${pairs.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join(' ')}`,
      false,
    );
  }

  maintainer(name: string): void {
    this.image.author = name;
    this.history(`MAINTAINER ${name}`, false);
  }

  onbuild(expression: string): void {
    (this.image.config.OnBuild ??= []).push(expression);
  }

  /** The finished config with `created` set. */
  finish(): ImageConfig {
    const out = structuredClone(this.image);
    out.created = this.created;
    return out;
  }

  private withShell(args: readonly string[]): string[] {
    const shell =
      this.image.config.Shell && this.image.config.Shell.length > 0
        ? this.image.config.Shell
        : this.image.os === 'windows'
          ? ['cmd', '/S', '/C']
          : ['/bin/sh', '-c'];
    return [...shell, args.join(' ')];
  }
}

function envKey(e: string): string {
  const i = e.indexOf('=');
  return i < 0 ? e : e.slice(0, i);
}

/**
 * NormalizeWorkdir: a relative path is joined to the current directory and cleaned; an
 * absolute one is kept as written (`/w/../v` stays so in the config, as BuildKit keeps it).
 */
export function resolveWorkdir(current: string, p: string): string {
  return p.startsWith('/') ? p : cleanPath(`${current || '/'}/${p}`);
}

/** path.Clean for absolute paths: no `.`/`..`/empty segments, no trailing slash. */
export function cleanPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** EXPOSE's port spec: `80`, `80/udp`, `8000-8002/tcp` → `80/tcp`... (BuildKit parsePortSpec). */
export function parsePortSpec(raw: string): string[] {
  const parts = raw.split(':');
  const container = parts[parts.length - 1]!;
  const slash = container.indexOf('/');
  const port = slash < 0 ? container : container.slice(0, slash);
  const proto = slash < 0 ? 'tcp' : container.slice(slash + 1).toLowerCase() || 'tcp';
  if (port === '') throw new Error(`No port specified: ${raw}<empty>`);
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') {
    throw new Error(`Invalid proto: ${proto}`);
  }
  const range = /^([0-9]+)(?:-([0-9]+))?$/.exec(port);
  const start = range ? Number(range[1]) : NaN;
  const end = range ? Number(range[2] ?? range[1]) : NaN;
  if (!range || start > 65535 || end > 65535 || end < start) {
    throw new Error(`Invalid containerPort: ${port}`);
  }
  const out: string[] = [];
  for (let p = start; p <= end; p++) out.push(`${p}/${proto}`);
  return out;
}

const SIGNALS = new Set([
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT',
  'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM',
  'TRAP', 'TSTP', 'TTIN', 'TTOU', 'UNUSED', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH',
  'XCPU', 'XFSZ',
]); // prettier-ignore

/** signal.ParseSignal: a number, a name with or without SIG, or RTMIN/RTMAX(+/-n). */
function isSignal(s: string): boolean {
  if (/^[0-9]+$/.test(s)) return Number(s) > 0;
  const name = s.toUpperCase().replace(/^SIG/, '');
  return SIGNALS.has(name) || /^RT(MIN|MAX)([+-][0-9]+)?$/.test(name);
}

/** time.Duration.String: `0s`, `1.5s`, `1m30s`, `1h0m0s`, `500ms`. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  let out: string;
  if (u < 1e9) {
    const [unit, scale] = u < 1e3 ? ['ns', 1] : u < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    out = `${fraction(u, scale)}${unit}`;
  } else {
    const h = Math.floor(u / 3600e9);
    u -= h * 3600e9;
    const m = Math.floor(u / 60e9);
    u -= m * 60e9;
    out = `${fraction(u, 1e9)}s`;
    if (h > 0) out = `${h}h${m}m${out}`;
    else if (m > 0) out = `${m}m${out}`;
  }
  return neg ? `-${out}` : out;
}

function fraction(v: number, scale: number): string {
  const whole = Math.floor(v / scale);
  const rest = v - whole * scale;
  if (rest === 0) return String(whole);
  const digits = String(scale).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** Go's `%q` of a []string: `["a" "b"]` with strconv.Quote escaping. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}

/** strconv.Quote for the characters that occur in commands. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0xa0 || c === 0xad || (c >= 0xd800 && c <= 0xdfff)) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

// ---------------------------------------------------------------------------
// Serialization

/** A JSON object whose keys are written in byte order (a Go map). */
class SortedMap {
  constructor(readonly entries: Record<string, unknown>) {}
}

function sortedMap(o: Record<string, unknown> | undefined): SortedMap | undefined {
  return o === undefined ? undefined : new SortedMap(o);
}

/** Marks an object to be written by goJson as a Go map: keys in byte order. */
export function jsonMap(o: Record<string, unknown>): unknown {
  return new SortedMap(o);
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Writes JSON like Go's encoding/json: struct key order as given, maps sorted, HTML-safe. */
export function goJson(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof SortedMap) {
    const keys = Object.keys(v.entries).sort(byteOrder);
    return `{${keys.map((k) => `${goString(k)}:${goJson(v.entries[k])}`).join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  switch (typeof v) {
    case 'string':
      return goString(v);
    case 'number':
      if (!Number.isFinite(v)) throw new Error('Cannot serialize a non-finite number');
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      const parts: string[] = [];
      for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
        if (val === undefined) continue;
        parts.push(`${goString(k)}:${goJson(val)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new Error(`Cannot serialize ${typeof v}`);
  }
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/** The config JSON in BuildKit's layout. */
export function serializeConfig(img: ImageConfig): Buffer {
  const c = img.config;
  const hc = c.Healthcheck;
  const config = {
    User: c.User || undefined,
    ExposedPorts:
      c.ExposedPorts && Object.keys(c.ExposedPorts).length > 0
        ? sortedMap(c.ExposedPorts)
        : undefined,
    Env: nonEmpty(c.Env),
    Entrypoint: nonEmpty(c.Entrypoint),
    Cmd: nonEmpty(c.Cmd),
    Volumes: c.Volumes && Object.keys(c.Volumes).length > 0 ? sortedMap(c.Volumes) : undefined,
    WorkingDir: c.WorkingDir || undefined,
    Labels: c.Labels && Object.keys(c.Labels).length > 0 ? sortedMap(c.Labels) : undefined,
    StopSignal: c.StopSignal || undefined,
    ArgsEscaped: c.ArgsEscaped ? true : undefined,
    Healthcheck: hc
      ? {
          Test: nonEmpty(hc.Test),
          Interval: hc.Interval || undefined,
          Timeout: hc.Timeout || undefined,
          StartPeriod: hc.StartPeriod || undefined,
          StartInterval: hc.StartInterval || undefined,
          Retries: hc.Retries || undefined,
        }
      : undefined,
    OnBuild: nonEmpty(c.OnBuild),
    Shell: nonEmpty(c.Shell),
  };
  const history = img.history.map((h) => ({
    created: h.created || undefined,
    created_by: h.created_by || undefined,
    author: h.author || undefined,
    comment: h.comment || undefined,
    empty_layer: h.empty_layer ? true : undefined,
  }));
  // Top-level keys in byte order, as BuildKit writes them.
  const top: Record<string, unknown> = {
    architecture: img.architecture,
    author: img.author || undefined,
    config,
    created: img.created || undefined,
    history,
    os: img.os,
    'os.features': nonEmpty(img['os.features']),
    'os.version': img['os.version'] || undefined,
    rootfs: { type: 'layers', diff_ids: img.rootfs.diff_ids },
    variant: img.variant || undefined,
  };
  return Buffer.from(goJson(top), 'utf8');
}

function descriptorJson(d: Descriptor): Record<string, unknown> {
  return {
    mediaType: d.mediaType,
    digest: d.digest,
    size: d.size,
    annotations:
      d.annotations && Object.keys(d.annotations).length > 0 ? sortedMap(d.annotations) : undefined,
    platform: d.platform
      ? {
          architecture: d.platform.architecture,
          os: d.platform.os,
          variant: d.platform.variant || undefined,
        }
      : undefined,
  };
}

/** The OCI image manifest: config + layers, no annotations. */
export function serializeManifest(config: Descriptor, layers: readonly Descriptor[]): Buffer {
  return Buffer.from(
    goJson({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.manifest,
      config: descriptorJson(config),
      layers: layers.map(descriptorJson),
    }),
    'utf8',
  );
}

/** The OCI image index of a multi-platform image (manifests carry their platform). */
export function serializeIndex(
  manifests: readonly Descriptor[],
  annotations?: Record<string, string>,
): Buffer {
  return Buffer.from(
    goJson({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.index,
      manifests: manifests.map(descriptorJson),
      annotations:
        annotations && Object.keys(annotations).length > 0 ? sortedMap(annotations) : undefined,
    }),
    'utf8',
  );
}

/**
 * The OCI media type for a base image layer: Docker's gzip layers are the same bytes
 * under another name (BuildKit converts them when it writes an OCI manifest).
 */
export function ociLayerMediaType(mediaType: string): string {
  switch (mediaType) {
    case MEDIA_TYPES.dockerLayerGzip:
      return MEDIA_TYPES.layerGzip;
    case 'application/vnd.docker.image.rootfs.diff.tar':
      return MEDIA_TYPES.layerTar;
    case 'application/vnd.docker.image.rootfs.diff.tar.zstd':
      return MEDIA_TYPES.layerZstd;
    default:
      return mediaType;
  }
}

// ---------------------------------------------------------------------------

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function strList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v] : undefined;
}

function setMap(v: unknown): Record<string, Record<string, never>> | undefined {
  const o = obj(v);
  if (!o || Object.keys(o).length === 0) return undefined;
  const out: Record<string, Record<string, never>> = {};
  for (const k of Object.keys(o)) out[k] = {};
  return out;
}
