/**
 * The layers of src/, enforced: a module imports only from its own folder or from a
 * lower one, the two adapters never import each other, and no chain of imports comes
 * back to where it started. Written here because the import plugins that check loops
 * need a TypeScript resolver of their own for `.js` specifiers; this reads the
 * specifiers as written, which in this project are always relative.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Top first. Folders on one line are one floor and may import each other only downwards as listed. */
export const LAYERS = [
  ['action', 'cli'],
  ['pipeline'],
  ['builders'],
  ['request'],
  ['dockerfile'],
  ['image'],
  ['fs', 'layers'],
  ['registry'],
  ['core'],
  ['util'],
];

const floor = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i])));

/** The top folder under src/ of a file, or undefined outside src/. */
function folderOf(file) {
  const rel = path.relative(path.resolve('src'), file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const [first, second] = rel.split(path.sep);
  return second === undefined ? '.' : first;
}

/** The .ts file a relative specifier names, or undefined. */
function resolve(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const target = path.resolve(path.dirname(from), spec);
  const ts = target.replace(/\.js$/, '.ts');
  if (existsSync(ts)) return ts;
  return existsSync(target) ? target : undefined;
}

const SPEC =
  /(?:^|[\s;])(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const edges = new Map();

/** The files a file imports (read from disk once per lint run). */
function importsOf(file) {
  let list = edges.get(file);
  if (list) return list;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  list = [];
  for (const m of text.matchAll(SPEC)) {
    const target = resolve(file, m[1] ?? m[2]);
    if (target) list.push(target);
  }
  edges.set(file, list);
  return list;
}

/** A chain of imports from `start` back to `goal`, or undefined. */
function pathBack(start, goal) {
  const seen = new Set();
  const walk = (file, chain) => {
    if (file === goal) return chain;
    if (seen.has(file)) return undefined;
    seen.add(file);
    for (const next of importsOf(file)) {
      const found = walk(next, [...chain, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

function check(context, node, spec) {
  const file = context.filename;
  const target = resolve(file, spec);
  if (!target) return;
  const from = folderOf(file);
  const to = folderOf(target);
  const show = (f) => path.relative(path.resolve('src'), f);
  if (from !== undefined && to !== undefined && from !== to && from !== '.') {
    const up =
      to === '.' ||
      floor.get(to) < floor.get(from) ||
      (floor.get(to) === floor.get(from) && floor.get(from) === 0);
    if (up) {
      context.report({
        node,
        message: `${from}/ must not import ${show(target)}: imports point down the layers (eslint/layers.js).`,
      });
    }
  }
  const loop = pathBack(target, file);
  if (loop) {
    context.report({ node, message: `Import loop: ${[file, ...loop].map(show).join(' -> ')}.` });
  }
}

const rule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const source = (node) =>
      node.source &&
      typeof node.source.value === 'string' &&
      check(context, node, node.source.value);
    return {
      ImportDeclaration: source,
      ExportNamedDeclaration: source,
      ExportAllDeclaration: source,
      ImportExpression: source,
    };
  },
};

export default { rules: { imports: rule } };
