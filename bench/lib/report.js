// Statistics, the machine description and markdown tables (laid out as prettier formats
// them, so the written results pass `prettier --check`).
import os from 'node:os';
import { run } from './process.js';
import { ACTION_NODE } from './action.js';

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function min(values) {
  return Math.min(...values.filter((v) => Number.isFinite(v)));
}

export function max(values) {
  return Math.max(...values.filter((v) => Number.isFinite(v)));
}

export function seconds(value, digits = 2) {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function mib(bytes, digits = 1) {
  return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(digits)} MiB` : 'n/a';
}

/** Display width as prettier counts it (string-width): wide East Asian characters are 2. */
function width(text) {
  let w = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0);
    w += (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) ? 2 : 1;
  }
  return w;
}

/** A markdown table with every column padded to its widest cell. */
export function markdownTable(header, rows) {
  const cells = [header, ...rows].map((row) => row.map((c) => String(c).replace(/\|/g, '\\|')));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => width(row[i] ?? ''))));
  const line = (row) =>
    `| ${row.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join(' | ')} |`;
  return [
    line(cells[0]),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n');
}

async function versionOf(command, args) {
  try {
    const result = await run(command, args, { check: false });
    return result.code === 0 ? result.stdout.trim().split('\n')[0] : 'not available';
  } catch {
    return 'not installed';
  }
}

/** CPU, cores, memory, kernel, and the versions of node, docker and skopeo. */
export async function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    benchNode: process.version,
    actionNode: await versionOf(ACTION_NODE, ['--version']),
    docker: await versionOf('docker', [
      'version',
      '--format',
      'client {{.Client.Version}}, engine {{.Server.Version}}',
    ]),
    skopeo: await versionOf('skopeo', ['--version']),
  };
}

export function machineLines(m) {
  return [
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memory}; ${m.os}`,
    `- node: ${m.actionNode} runs the action (the runner's node24), ${m.benchNode} runs the benchmark`,
    `- docker: ${m.docker}; ${m.skopeo}`,
    `- bundle: dist/index.js, ${m.bundle.size} bytes, sha256 ${m.bundle.sha256.slice(0, 12)}`,
    `- load average (1 min) at start and end: ${m.load.map((l) => l.toFixed(2)).join(', ')}`,
  ];
}
