/**
 * COPY/ADD `--chmod`, as current BuildKit reads and applies it (dockerfile2llb's
 * dispatchCopy, fsutil's copy and its mode package, a port of BSD's setmode(3)):
 *
 * - an octal mode (`755`, `0640`, `4755`) up to 07777 sets the mode of every copied
 *   file and directory, setuid, setgid and sticky bits included (fsutil keeps them
 *   since 2024; the BuildKit of Docker 20.10 dropped them), and the directories the
 *   copy creates get its permission bits (fsutil since 2025; before, 0755);
 * - a symbolic mode (`u+x`, `go-w`, `a=rX,u+w`), as chmod(1) reads it, changes the
 *   mode each copied file and directory had (`X` adds execute to directories and to
 *   what some class could already execute); the directories the copy creates are 0755;
 * - symbolic links keep 0777;
 * - anything else is an error; a numeric value that is not octal up to 07777 gets
 *   BuildKit's "it should be octal string" error.
 */
import { ContextError } from './context-error.js';

const IS_UID = 0o4000;
const IS_GID = 0o2000;
const IS_TXT = 0o1000;
const RWXU = 0o700;
const RWXG = 0o070;
const RWXO = 0o007;
const READ = 0o444;
const WRITE = 0o222;
const EXEC = 0o111;
const STANDARD_BITS = IS_UID | IS_GID | RWXU | RWXG | RWXO;
/** Every bit of Go's 16-bit mode word (the mask with no umask). */
const ALL = 0xffff;

/** Flags of a copy command (`u=g`): clear, set, and which classes it writes. */
const CLEAR = 1;
const SET = 2;
const GBITS = 4;
const OBITS = 8;
const UBITS = 16;

/** One step of a symbolic mode (setmode's bitcmd). */
interface BitCmd {
  /** `+`, `-`, `X`, or `u`/`g`/`o` (copy that class's bits). */
  cmd: string;
  cmd2: number;
  bits: number;
}

/** A parsed `--chmod`. */
export type Chmod = { octal: number } | { symbolic: string; cmds: BitCmd[] };

/** Reads `--chmod=<spec>` as BuildKit does (see the file comment). */
export function parseChmod(spec: string): Chmod {
  if (/^[0-7]+$/.test(spec)) {
    const octal = parseInt(spec, 8);
    if (octal <= 0o7777) return { octal };
    throw notOctal(spec);
  }
  if (/^[0-9]/.test(spec)) throw notOctal(spec);
  const cmds = parseSymbolic(spec);
  if (cmds === undefined) {
    throw new ContextError(
      `Invalid --chmod=${spec}: not an octal mode (0 to 7777) nor a symbolic one`,
      'Write an octal mode (--chmod=755) or a symbolic one as chmod(1) takes it (--chmod=u+x,go-w).',
    );
  }
  return { symbolic: spec, cmds };
}

function notOctal(spec: string): ContextError {
  return new ContextError(
    `invalid chmod parameter: '${spec}'. it should be octal string and between 0 and 07777`,
  );
}

/** The mode (0o7777 bits) a copied file or directory gets. */
export function applyChmod(c: Chmod, mode: number, isDir: boolean): number {
  if ('octal' in c) return c.octal;
  return applySymbolic(c.cmds, mode & 0o7777, isDir);
}

/** The mode of a directory the copy creates (a missing destination or parent). */
export function createdDirMode(c: Chmod | undefined): number {
  return c !== undefined && 'octal' in c ? c.octal & 0o777 : 0o755;
}

// ---------------------------------------------------------------------------
// setmode(3), as github.com/tonistiigi/dchapes-mode ports it (with no umask)

/** The steps of a symbolic mode, or undefined when it is not one. */
function parseSymbolic(s: string): BitCmd[] | undefined {
  const cmds: BitCmd[] = [];
  let i = 0;
  let equalOpDone = false;
  for (;;) {
    let who = 0;
    for (; ; i++) {
      if (i >= s.length) return undefined;
      const w = { a: STANDARD_BITS, u: IS_UID | RWXU, g: IS_GID | RWXG, o: RWXO }[s[i]!];
      if (w === undefined) break;
      who |= w;
    }
    for (;;) {
      const op = s[i++];
      if (op === '=') equalOpDone = false;
      else if (op !== '+' && op !== '-') return undefined;
      who &= ~IS_TXT;
      ({ i, who, equalOpDone } = permClause(s, i, op, who, equalOpDone, cmds));
      if (i >= s.length) return compress(cmds);
      if (s[i] !== ',') continue;
      i++;
      break;
    }
  }
}

/** The permission letters after one operator, up to the next operator, `,` or the end. */
function permClause(
  s: string,
  start: number,
  op: string,
  whoIn: number,
  equalOpDoneIn: boolean,
  cmds: BitCmd[],
): { i: number; who: number; equalOpDone: boolean } {
  let who = whoIn;
  let equalOpDone = equalOpDoneIn;
  let perm = 0;
  let permX = 0;
  for (let i = start; ; i++) {
    const b = s[i] ?? '';
    const notOnlyOther = who === 0 || (who & ~RWXO) !== 0;
    if (b === 'r') perm |= READ;
    else if (b === 's') perm |= notOnlyOther ? IS_UID | IS_GID : 0;
    else if (b === 't') {
      if (notOnlyOther) {
        who |= IS_TXT;
        perm |= IS_TXT;
      }
    } else if (b === 'w') perm |= WRITE;
    else if (b === 'X') permX = op === '+' ? EXEC : permX;
    else if (b === 'x') perm |= EXEC;
    else if (b === 'u' || b === 'g' || b === 'o') {
      if (perm !== 0) addCmd(cmds, op, who, perm);
      perm = 0;
      if (op === '=') equalOpDone = true;
      if (permX !== 0) addCmd(cmds, 'X', who, permX);
      permX = 0;
      addCmd(cmds, b, who, op.charCodeAt(0));
    } else {
      if (perm !== 0 || (op === '=' && !equalOpDone)) {
        if (op === '=') equalOpDone = true;
        addCmd(cmds, op, who, perm);
      }
      if (permX !== 0) addCmd(cmds, 'X', who, permX);
      return { i, who, equalOpDone };
    }
  }
}

function addCmd(cmds: BitCmd[], op: string, who: number, oparg: number): void {
  if (op === '=') {
    cmds.push({ cmd: '-', cmd2: 0, bits: who !== 0 ? who : STANDARD_BITS });
    op = '+';
  }
  if (op === '+' || op === '-' || op === 'X') {
    cmds.push({ cmd: op, cmd2: 0, bits: (who !== 0 ? who : ALL) & oparg });
    return;
  }
  let cmd2 = 0;
  if (who !== 0) {
    if (who & 0o400) cmd2 |= UBITS;
    if (who & 0o040) cmd2 |= GBITS;
    if (who & 0o004) cmd2 |= OBITS;
  } else cmd2 = UBITS | GBITS | OBITS;
  const how = String.fromCharCode(oparg);
  cmd2 |= how === '+' ? SET : how === '-' ? CLEAR : SET | CLEAR;
  cmds.push({ cmd: op, cmd2, bits: ALL });
}

/** setmode's compress: runs of `+`, `-` and `X` folded into one of each. */
function compress(cmds: BitCmd[]): BitCmd[] {
  const out: BitCmd[] = [];
  for (let i = 0; i < cmds.length; i++) {
    if (!'+-X'.includes(cmds[i]!.cmd)) {
      out.push(cmds[i]!);
      continue;
    }
    let set = 0;
    let clr = 0;
    let x = 0;
    for (; i < cmds.length && '+-X'.includes(cmds[i]!.cmd); i++) {
      const c = cmds[i]!;
      if (c.cmd === '-') {
        clr |= c.bits;
        set &= ~c.bits;
        x &= ~c.bits;
      } else if (c.cmd === '+') {
        set |= c.bits;
        clr &= ~c.bits;
        x &= ~c.bits;
      } else x |= c.bits & ~set;
    }
    i--;
    if (clr !== 0) out.push({ cmd: '-', cmd2: 0, bits: clr });
    if (set !== 0) out.push({ cmd: '+', cmd2: 0, bits: set });
    if (x !== 0) out.push({ cmd: 'X', cmd2: 0, bits: x });
  }
  return out;
}

function applySymbolic(cmds: readonly BitCmd[], old: number, isDir: boolean): number {
  let mode = old;
  const copyClass = (c: BitCmd, value: number): void => {
    if (c.cmd2 & CLEAR) {
      const clr = c.cmd2 & SET ? RWXO : value;
      if (c.cmd2 & UBITS) mode &= ~((clr << 6) & c.bits);
      if (c.cmd2 & GBITS) mode &= ~((clr << 3) & c.bits);
      if (c.cmd2 & OBITS) mode &= ~(clr & c.bits);
    }
    if (c.cmd2 & SET) {
      if (c.cmd2 & UBITS) mode |= (value << 6) & c.bits;
      if (c.cmd2 & GBITS) mode |= (value << 3) & c.bits;
      if (c.cmd2 & OBITS) mode |= value & c.bits;
    }
  };
  for (const c of cmds) {
    if (c.cmd === 'u') copyClass(c, (mode & RWXU) >> 6);
    else if (c.cmd === 'g') copyClass(c, (mode & RWXG) >> 3);
    else if (c.cmd === 'o') copyClass(c, mode & RWXO);
    else if (c.cmd === '+') mode |= c.bits;
    else if (c.cmd === '-') mode &= ~c.bits;
    else if (c.cmd === 'X' && ((old & EXEC) !== 0 || isDir)) mode |= c.bits;
  }
  return mode & 0o7777;
}
