/**
 * The Dockerfiles of one run, read and parsed once: choosing the builder, building
 * each platform, looking up the engine image's base all ask this reader, which reads a
 * file again only when it changed since (a build-command may write or replace it, and
 * each platform builds in a copy of the workspace: another file), and parses a text's
 * syntax once. What depends on the build (ARG values, the platform, base images'
 * environment) is resolved by each build from that syntax (resolve.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { parseAST, type ParsedAST } from './parser.js';

/** A Dockerfile's text, with its syntax parsed at the first use. */
export interface DockerfileText {
  text: string;
  /** The syntax tree; `file` names the Dockerfile in the errors of a first parse. */
  ast(file: string): ParsedAST;
}

export interface DockerfileReaderOptions {
  /** Reads a file as UTF-8 (tests count the reads). */
  read?: (path: string) => string;
  /** Parses a text's syntax (tests count the parses). */
  parse?: (text: string, file: string) => ParsedAST;
}

export class DockerfileReader {
  private readonly files = new Map<string, { stamp: string; source: DockerfileText }>();
  private readonly syntax = new Map<string, ParsedAST>();

  constructor(private readonly o: DockerfileReaderOptions = {}) {}

  /** The file's text: as read before when the file is unchanged since, else read now. */
  read(path: string): DockerfileText {
    const stamp = stampOf(path);
    const known = this.files.get(path);
    if (known !== undefined && stamp !== undefined && known.stamp === stamp) return known.source;
    const text = (this.o.read ?? ((p: string) => readFileSync(p, 'utf8')))(path);
    const source = this.text(text);
    if (stamp !== undefined) this.files.set(path, { stamp, source });
    return source;
  }

  /** A text (read elsewhere) whose syntax is parsed once per run. */
  text(text: string): DockerfileText {
    return {
      text,
      ast: (file) => {
        let ast = this.syntax.get(text);
        if (ast === undefined) {
          ast = (this.o.parse ?? parseAST)(text, file);
          this.syntax.set(text, ast);
        }
        return ast;
      },
    };
  }
}

/** What changes when a file is written or replaced: undefined when it cannot be read. */
function stampOf(path: string): string | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return undefined;
  }
}
