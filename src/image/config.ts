/**
 * The image config: its types, the config of an image FROM scratch, a base image's
 * config as read, and the config serialized as BuildKit writes it (compact JSON, the
 * top-level keys in byte order since BuildKit re-marshals it through a map, struct
 * fields in the order of the Go types).
 */
import { jsonMap, goJson } from './go-format.js';
import type { Platform } from './platform.js';

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

/** Docker's default PATH for Linux images (system.DefaultPathEnv). */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

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
  const rootfs = obj(o['rootfs']) ?? {};
  const config = readContainerConfig(obj(o['config']) ?? {});
  const history = readHistory(o['history']);
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

/** The `config` object of a base image's config, its known fields only. */
function readContainerConfig(c: Record<string, unknown>): ContainerConfig {
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
  return config;
}

function readHistory(list: unknown): HistoryEntry[] {
  const history: HistoryEntry[] = [];
  if (Array.isArray(list)) {
    for (const h of list) {
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
  return history;
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
        ? jsonMap(c.ExposedPorts)
        : undefined,
    Env: nonEmpty(c.Env),
    Entrypoint: nonEmpty(c.Entrypoint),
    Cmd: nonEmpty(c.Cmd),
    Volumes: c.Volumes && Object.keys(c.Volumes).length > 0 ? jsonMap(c.Volumes) : undefined,
    WorkingDir: c.WorkingDir || undefined,
    Labels: c.Labels && Object.keys(c.Labels).length > 0 ? jsonMap(c.Labels) : undefined,
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
