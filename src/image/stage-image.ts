/**
 * One stage's image config under construction: each Dockerfile instruction applied
 * with BuildKit's semantics (dockerfile2llb), with the history entry it records.
 */
import type { HealthcheckOptions } from './healthcheck.js';
import { cleanPath } from '../fs/image-path.js';
import {
  DEFAULT_PATH,
  type ContainerConfig,
  type HealthConfig,
  type HistoryEntry,
  type ImageConfig,
} from './config.js';
import { goDuration, goQuoteList } from './go-format.js';
import type { Platform } from './platform.js';

/** The `comment` BuildKit puts on every history entry of a Dockerfile build. */
export const HISTORY_COMMENT = 'buildkit.dockerfile.v0';

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
    // A copy of everything, label, port and volume maps included: what a stage adds does
    // not show in the stage it starts from (BuildKit since v0.30; before, these maps were
    // shared, and a LABEL of one stage showed in its siblings).
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
    if (!isSignal(signal)) {
      throw Object.assign(new Error(`Invalid STOPSIGNAL ${JSON.stringify(signal)}`), {
        hint: 'Name a signal (SIGTERM, SIGQUIT, SIGRTMIN+3) or give its number (15).',
      });
    }
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
