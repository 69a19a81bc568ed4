/**
 * Tests that need an optional Debian package (the arm64 cross compiler, qemu-user-static)
 * skip with one line naming the package where it is missing. `.ci/run` installs them
 * and sets REQUIRE_OPTIONAL_TOOLS=1, so there a missing one fails instead of skipping.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** A command the tests run, and the Debian package that provides it. */
export const OPTIONAL_TOOLS = {
  'aarch64-linux-gnu-gcc': 'gcc-aarch64-linux-gnu libc6-dev-arm64-cross',
  'qemu-aarch64-static': 'qemu-user-static',
  zstd: 'zstd',
  busybox: 'busybox-static',
} as const;

export type OptionalTool = keyof typeof OPTIONAL_TOOLS;

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether a 64-bit ELF program is linked dynamically: it names an interpreter (PT_INTERP). */
function hasInterpreter(elf: Buffer): boolean {
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const [size, count] = [elf.readUInt16LE(0x36), elf.readUInt16LE(0x38)];
  for (let i = 0; i < count; i++) if (elf.readUInt32LE(phoff + i * size) === 3) return true;
  return false;
}

/** Where busybox is on PATH. */
export function busyboxPath(): string {
  return execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
}

/**
 * Running arm64 images also needs qemu registered with binfmt_misc; a shell for a FROM
 * scratch image needs busybox linked statically (busybox-static, not busybox).
 */
function canRun(tool: OptionalTool): boolean {
  if (!onPath(tool)) return false;
  if (tool === 'busybox') return !hasInterpreter(readFileSync(busyboxPath()));
  if (tool !== 'qemu-aarch64-static' || process.arch === 'arm64') return true;
  return existsSync('/proc/sys/fs/binfmt_misc/qemu-aarch64');
}

/**
 * The reason to skip, or undefined when every tool is there. Prints the one line that
 * says what to install; throws instead where REQUIRE_OPTIONAL_TOOLS=1.
 */
export function missingTools(...tools: OptionalTool[]): string | undefined {
  const missing = tools.filter((t) => !canRun(t));
  if (missing.length === 0) return undefined;
  const packages = [...new Set(missing.map((t) => OPTIONAL_TOOLS[t]))].join(' ');
  const reason = `needs ${missing.join(', ')}: apt-get install ${packages} (or bash .ci/install)`;
  if (process.env.REQUIRE_OPTIONAL_TOOLS === '1') throw new Error(`Missing: ${reason}`);
  console.warn(`skipped: ${reason}`);
  return reason;
}
