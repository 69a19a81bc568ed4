export const id = 625;
export const ids = [625];
export const modules = {

/***/ 9280:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BU: () => (/* binding */ LocatedError),
/* harmony export */   Z9: () => (/* binding */ placeText),
/* harmony export */   x5: () => (/* binding */ locate)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/**
 * A failure at a place of a Dockerfile: `file:line: what: detail`, as BuildKit's
 * frontend attaches a location to an error once, in its dispatch loop. The place is
 * attached by the parser to what it rejects, and by the native builder where it
 * dispatches an instruction (or pulls the image a FROM or COPY --from names); code
 * below them throws its errors without one (Failure, ContextError, a registry's
 * error), and an error that has a place keeps it: never `Dockerfile:3: Dockerfile:3:`.
 */

class LocatedError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    detail;
    file;
    line;
    what;
    constructor(place, 
    /** What went wrong, without the place. */
    detail, hint, options) {
        const what = place.what === undefined ? '' : `${place.what}: `;
        super('build', `${placeText(place)}: ${what}${detail}`, hint, {
            file: place.file,
            ...(place.line === undefined ? {} : { line: place.line }),
        });
        this.detail = detail;
        this.name = 'LocatedError';
        this.file = place.file;
        this.line = place.line;
        this.what = place.what;
        if (options?.cause !== undefined)
            this.cause = options.cause;
    }
}
/** A place as messages show it: `Dockerfile:3`, or `Dockerfile` without a line. */
function placeText(place) {
    return place.line === undefined ? place.file : `${place.file}:${place.line}`;
}
/**
 * The error at a place: one that has a place already passes as it is; any other is
 * located, with its message and hint (a registry's refusal read by the build, a bad
 * input met deep in an instruction: still the build failing, at that line).
 */
function locate(err, place) {
    if (err instanceof LocatedError)
        return err;
    const detail = err instanceof Error ? err.message : String(err);
    return new LocatedError(place, detail, hintOf(err), { cause: err });
}
/** The hint an error carries (ActionError, ContextError, the parser's Failure), if any. */
function hintOf(err) {
    if (!(err instanceof Error) || !('hint' in err))
        return undefined;
    const hint = err.hint;
    return typeof hint === 'string' || typeof hint === 'function' ? hint : undefined;
}


/***/ }),

/***/ 8235:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KK: () => (/* binding */ parseHeredoc),
/* harmony export */   Qn: () => (/* binding */ parseAST)
/* harmony export */ });
/* unused harmony export Directives */
/* harmony import */ var _shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3116);
/* harmony import */ var _located_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9280);
/**
 * The Dockerfile parser (BuildKit's frontend/dockerfile/parser): lines, continuation
 * lines, comments, parser directives and heredocs → one raw node per instruction, with
 * its keyword, its `--flag` words, its arguments split the way the instruction splits
 * them, and the heredocs it reads (names and bodies).
 *
 * - parser directives (`# syntax=`, `# escape=`, `# check=`) only before anything else;
 * - `#` comments only at the start of a line, line continuations with the escape
 *   character (also across comment lines and empty lines inside a continuation);
 * - JSON ("exec") form where the instruction allows it, shell form otherwise.
 */


const DIRECTIVE_RE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;
const VALID_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const ESCAPE_HINT = 'The escape directive takes a backslash (# escape=\\) or a backtick (# escape=`).';
class Directives {
    done = false;
    escape = '\\';
    continuation = continuationRegex('\\');
    values = {};
    lines = {};
    /** Looks at a line while directives are still allowed. */
    check(line, lineNo) {
        if (this.done)
            return;
        if (!line.startsWith('#')) {
            this.done = true;
            return;
        }
        const m = DIRECTIVE_RE.exec((0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .trimLeftSpace */ .u$)(line.slice(1)));
        const key = m?.[1]?.toLowerCase();
        if (!m || key === undefined || !VALID_DIRECTIVES.has(key)) {
            this.done = true;
            return;
        }
        if (Object.hasOwn(this.values, key)) {
            throw new _shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .Failure */ .HR(`only one ${key} parser directive can be used`);
        }
        const value = m[2];
        this.values[key] = value;
        this.lines[key] = lineNo;
        if (key === 'escape') {
            if (value !== '`' && value !== '\\') {
                throw new _shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .Failure */ .HR(`invalid escape token '${value}' does not match \` or \\`, ESCAPE_HINT);
            }
            this.escape = value;
            this.continuation = continuationRegex(value);
        }
    }
}
/**
 * The escape character at the end of a line continues it, unless it is itself
 * escaped right before (BuildKit's regular expression has the same limit).
 */
function continuationRegex(escape) {
    const e = escape === '\\' ? '\\\\' : '`';
    return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}
function trimContinuation(line, re) {
    const m = re.exec(line);
    if (!m)
        return [line, true];
    return [line.slice(0, m.index) + (m[1] ?? ''), false];
}
function trimNewline(s) {
    return s.replace(/[\r\n]+$/, '');
}
function isCommentLine(raw) {
    return (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .trimLeftSpace */ .u$)(raw).startsWith('#');
}
/** Splits `--flag=value` words from the start of the arguments (BuildKit's extractBuilderFlags). */
function extractFlags(line) {
    const words = [];
    let phase = 'spaces';
    let word = '';
    let quote = '';
    let blankOK = false;
    for (let pos = 0; pos <= line.length; pos++) {
        let ch = pos < line.length ? line.charAt(pos) : '';
        if (phase === 'spaces') {
            if (pos === line.length)
                break;
            if ((0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(ch))
                continue;
            if (ch !== '-' || pos + 1 === line.length || line.charAt(pos + 1) !== '-') {
                return { rest: line.slice(pos), flags: words };
            }
            phase = 'word';
        }
        if (pos === line.length) {
            if (word !== '--' && (blankOK || word.length > 0))
                words.push(word);
            break;
        }
        if (phase === 'word') {
            if ((0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(ch)) {
                phase = 'spaces';
                if (word === '--')
                    return { rest: line.slice(pos), flags: words };
                if (blankOK || word.length > 0)
                    words.push(word);
                word = '';
                blankOK = false;
                continue;
            }
            if (ch === "'" || ch === '"') {
                quote = ch;
                blankOK = true;
                phase = 'quote';
                continue;
            }
            if (ch === '\\') {
                if (pos + 1 === line.length)
                    continue;
                pos++;
                ch = line.charAt(pos);
            }
            word += ch;
            continue;
        }
        // quote
        if (ch === quote) {
            phase = 'word';
            continue;
        }
        if (ch === '\\') {
            if (pos + 1 === line.length) {
                phase = 'word';
                continue;
            }
            pos++;
            ch = line.charAt(pos);
        }
        word += ch;
    }
    return { rest: '', flags: words };
}
/** Words of ENV/LABEL/ARG: split on spaces outside quotes; quotes and escapes are kept. */
function parseWords(rest, escape) {
    const words = [];
    const chars = Array.from(rest);
    let phase = 'spaces';
    let quote = '';
    let blankOK = false;
    let word = '';
    for (let pos = 0; pos <= chars.length; pos++) {
        const atEnd = pos === chars.length;
        let ch = chars[pos] ?? '';
        if (phase === 'spaces') {
            if (atEnd)
                break;
            if ((0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(ch))
                continue;
            phase = 'word';
        }
        if (atEnd) {
            if (blankOK || word.length > 0)
                words.push(word);
            break;
        }
        if (phase === 'word') {
            if ((0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(ch)) {
                phase = 'spaces';
                if (blankOK || word.length > 0)
                    words.push(word);
                word = '';
                blankOK = false;
                continue;
            }
            if (ch === "'" || ch === '"') {
                quote = ch;
                blankOK = true;
                phase = 'quote';
            }
            if (ch === escape) {
                if (pos + 1 === chars.length)
                    continue; // an escape at the end is dropped
                // keep the escape and the escaped character, even a quote
                word += ch;
                pos++;
                ch = chars[pos] ?? '';
            }
            word += ch;
            continue;
        }
        // quote
        if (ch === quote)
            phase = 'word';
        if (ch === escape && quote !== "'") {
            if (pos + 1 === chars.length) {
                phase = 'word';
                continue;
            }
            pos++;
            word += ch;
            ch = chars[pos] ?? '';
        }
        word += ch;
    }
    return words;
}
const NOT_STRINGS = 'when using JSON array syntax, arrays must be comprised of strings only';
/** The JSON form, or undefined when the text is not a JSON array. */
function parseJSONArgs(rest) {
    const text = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .trimLeftSpace */ .u$)(rest);
    if (!text.startsWith('['))
        return undefined;
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (!Array.isArray(value))
        return undefined;
    const out = [];
    for (const item of value) {
        if (typeof item !== 'string')
            throw new _shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .Failure */ .HR(NOT_STRINGS);
        out.push(item);
    }
    return out;
}
function whitespaceList(rest) {
    return rest === '' ? [] : rest.split(/[\t\v\f\r ]+/);
}
function maybeJSON(rest) {
    if (rest === '')
        return { args: [], json: false };
    const json = parseJSONArgs(rest);
    return json ? { args: json, json: true } : { args: [rest], json: false };
}
function maybeJSONList(rest) {
    const json = parseJSONArgs(rest);
    return json ? { args: json, json: true } : { args: whitespaceList(rest), json: false };
}
function nameValues(rest, keyword, escape) {
    const words = parseWords(rest, escape);
    if (words.length === 0)
        return [];
    if (!words[0].includes('=')) {
        // legacy form: KEY value with spaces
        const parts = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .splitFirstWhitespace */ .i3)(rest);
        if (parts.length < 2)
            throw new _shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .Failure */ .HR(`${keyword} must have two arguments`);
        return parts;
    }
    const out = [];
    for (const word of words) {
        const eq = word.indexOf('=');
        if (eq < 0) {
            throw new _shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .Failure */ .HR(`Syntax error - can't find = in ${JSON.stringify(word)}. Must be of the form: name=value`);
        }
        out.push(word.slice(0, eq), word.slice(eq + 1));
    }
    return out;
}
function healthArgs(rest) {
    let sep = 0;
    while (sep < rest.length && !(0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(rest.charAt(sep)))
        sep++;
    let next = sep;
    while (next < rest.length && (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(rest.charAt(next)))
        next++;
    if (sep === 0)
        return { args: [], json: false };
    const cmd = maybeJSON(rest.slice(next));
    return { args: [rest.slice(0, sep), ...cmd.args], json: cmd.json };
}
function newNode(line, escape, lineNo) {
    const trimmed = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .trimSpace */ .Pd)(line);
    const [cmd, after] = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .splitFirstWhitespace */ .i3)(trimmed);
    const { rest: restRaw, flags } = after !== undefined ? extractFlags(after) : { rest: '', flags: [] };
    const rest = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .trimSpace */ .Pd)(restRaw);
    const keyword = cmd.toUpperCase();
    const node = {
        cmd,
        keyword,
        flagWords: flags,
        args: [],
        json: false,
        original: line,
        line: lineNo,
        endLine: lineNo,
        heredocs: [],
    };
    let parsed = { args: [], json: false };
    switch (keyword) {
        case 'ADD':
        case 'COPY':
        case 'VOLUME':
            parsed = maybeJSONList(rest);
            break;
        case 'CMD':
        case 'ENTRYPOINT':
        case 'RUN':
        case 'SHELL':
            parsed = maybeJSON(rest);
            break;
        case 'ARG':
            parsed = { args: parseWords(rest, escape), json: false };
            break;
        case 'ENV':
        case 'LABEL':
            parsed = { args: nameValues(rest, keyword, escape), json: false };
            break;
        case 'EXPOSE':
        case 'FROM':
            parsed = { args: whitespaceList(rest), json: false };
            break;
        case 'HEALTHCHECK':
            parsed = healthArgs(rest);
            break;
        case 'MAINTAINER':
        case 'STOPSIGNAL':
        case 'USER':
        case 'WORKDIR':
            parsed = { args: rest === '' ? [] : [rest], json: false };
            break;
        case 'ONBUILD':
            if (rest !== '') {
                node.child = newNode(rest, escape, lineNo);
                parsed = { args: [node.child.cmd, ...node.child.args], json: node.child.json };
            }
            break;
        default:
            // unknown instructions are reported when instructions are parsed
            break;
    }
    node.args = parsed.args;
    node.json = parsed.json;
    return node;
}
const HEREDOC_RE = /^(\d*)<<(-?)([^<]*)$/;
/** The heredoc a word opens (`<<EOF`), without its body; undefined if none. */
function parseHeredoc(word) {
    const m = HEREDOC_RE.exec(word);
    const rest = m?.[3];
    if (!m || !rest)
        return undefined;
    const none = () => undefined;
    const words = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .lex */ .Ii)(rest, none, { escape: '\\', skipUnsetEnv: true }).words;
    if (words.length !== 1)
        return undefined;
    const raw = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .lex */ .Ii)(rest, none, { escape: '\\', skipUnsetEnv: true, rawQuotes: true }).words;
    const name = words[0];
    const quotes = (s) => (s.match(/['"]/g) ?? []).length;
    return { name, chomp: m[2] === '-', expand: quotes(name) === quotes(raw[0] ?? '') };
}
function heredocsOf(line) {
    let words;
    try {
        words = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .lex */ .Ii)(line, () => undefined, {
            escape: '\\',
            rawQuotes: true,
            rawEscapes: true,
            skipUnsetEnv: true,
        }).words;
    }
    catch {
        return []; // BuildKit ignores a line it cannot split here
    }
    const docs = [];
    for (const word of words) {
        const doc = parseHeredoc(word);
        if (doc)
            docs.push(doc);
    }
    return docs;
}
function canContainHeredoc(node) {
    const n = node.keyword === 'ONBUILD' && node.child ? node.child : node;
    return ['RUN', 'COPY', 'ADD'].includes(n.keyword) && !n.json;
}
/**
 * Reads the bodies of the heredocs the instruction line opens, from line index `i` on:
 * each up to a line that is only its name (after the tabs `<<-` strips). A body line is
 * kept with a newline, as BuildKit's scanner gives it.
 */
function readHeredocs(lines, start, line, file, startLine) {
    let opened;
    try {
        opened = heredocsOf(line);
    }
    catch (err) {
        throw (0,_located_js__WEBPACK_IMPORTED_MODULE_1__/* .locate */ .x5)(err, { file, line: startLine });
    }
    let i = start;
    const docs = [];
    for (const doc of opened) {
        let content = '';
        let terminated = false;
        while (i < lines.length) {
            const body = trimNewline(lines[i]);
            i++;
            if ((doc.chomp ? body.replace(/^\t+/, '') : body) === doc.name) {
                terminated = true;
                break;
            }
            content += `${body}\n`;
        }
        if (!terminated) {
            throw new _located_js__WEBPACK_IMPORTED_MODULE_1__/* .LocatedError */ .BU({ file, line: startLine }, 'unterminated heredoc', `Add a line with only ${doc.name}.`);
        }
        docs.push({ ...doc, content });
    }
    return { docs, next: i };
}
function splitLines(text) {
    const lines = text.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '')
        lines.pop();
    return lines;
}
function parseAST(text, file) {
    const dirs = new Directives();
    const lines = splitLines(text);
    const nodes = [];
    let i = 0;
    while (i < lines.length) {
        let raw = trimNewline(lines[i]);
        if (i === 0)
            raw = raw.replace(/^\uFEFF/, '');
        const startLine = i + 1;
        i++;
        const first = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .trimLeftSpace */ .u$)(raw);
        try {
            dirs.check(first, startLine);
        }
        catch (err) {
            throw (0,_located_js__WEBPACK_IMPORTED_MODULE_1__/* .locate */ .x5)(err, { file, line: startLine });
        }
        let [line, isEnd] = trimContinuation(first.startsWith('#') ? '' : first, dirs.continuation);
        if (isEnd && line === '')
            continue;
        let endLine = startLine;
        while (!isEnd && i < lines.length) {
            const next = trimNewline(lines[i]);
            i++;
            endLine = i;
            if (isCommentLine(next))
                continue;
            if ((0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .trimLeftSpace */ .u$)(next) === '')
                continue; // empty continuation line (a warning in Docker)
            const [part, end] = trimContinuation(next, dirs.continuation);
            line += part;
            isEnd = end;
        }
        let node;
        try {
            node = newNode(line, dirs.escape, startLine);
        }
        catch (err) {
            throw (0,_located_js__WEBPACK_IMPORTED_MODULE_1__/* .locate */ .x5)(err, { file, line: startLine });
        }
        if (canContainHeredoc(node)) {
            const read = readHeredocs(lines, i, line, file, startLine);
            node.heredocs = read.docs;
            if (read.next > i)
                endLine = read.next;
            i = read.next;
        }
        node.endLine = endLine;
        nodes.push(node);
    }
    if (nodes.length === 0) {
        throw new _located_js__WEBPACK_IMPORTED_MODULE_1__/* .LocatedError */ .BU({ file, line: 1 }, 'file with no instructions', 'The Dockerfile needs at least a FROM instruction.');
    }
    return { nodes, directives: dirs };
}


/***/ }),

/***/ 3116:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HR: () => (/* binding */ Failure),
/* harmony export */   Ii: () => (/* binding */ lex),
/* harmony export */   Pd: () => (/* binding */ trimSpace),
/* harmony export */   i3: () => (/* binding */ splitFirstWhitespace),
/* harmony export */   rE: () => (/* binding */ mapLookup),
/* harmony export */   u$: () => (/* binding */ trimLeftSpace),
/* harmony export */   xC: () => (/* binding */ isSpace)
/* harmony export */ });
/* unused harmony export expand */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/**
 * The shell lexer of Dockerfiles (word expansion with ENV and ARG values), after
 * BuildKit's frontend/dockerfile/shell, with the character helpers the parser shares
 * and the parser's error type.
 */

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------
/** A Dockerfile error without a location yet (located.ts gives it one). */
class Failure extends Error {
    hint;
    constructor(message, hint) {
        super(message);
        this.hint = hint;
        this.name = 'Failure';
    }
}
// ---------------------------------------------------------------------------
// Character helpers (Go's unicode.IsSpace and friends)
// ---------------------------------------------------------------------------
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const WHITESPACE_RUN = /[\t\v\f\r ]+/;
function isSpace(ch) {
    return GO_SPACE.test(ch);
}
function trimLeftSpace(s) {
    let i = 0;
    while (i < s.length && isSpace(s.charAt(i)))
        i++;
    return s.slice(i);
}
function trimSpace(s) {
    let end = s.length;
    while (end > 0 && isSpace(s.charAt(end - 1)))
        end--;
    return trimLeftSpace(s.slice(0, end));
}
/** Go's regexp.Split(s, 2) for a whitespace run. */
function splitFirstWhitespace(s) {
    const m = WHITESPACE_RUN.exec(s);
    if (!m)
        return [s];
    return [s.slice(0, m.index), s.slice(m.index + m[0].length)];
}
class WordCollector {
    word = '';
    inWord = false;
    words = [];
    addChar(ch) {
        if (isSpace(ch)) {
            if (this.inWord && this.word.length > 0) {
                this.words.push(this.word);
                this.word = '';
                this.inWord = false;
            }
        }
        else {
            this.addRawChar(ch);
        }
    }
    addRawChar(ch) {
        this.word += ch;
        this.inWord = true;
    }
    addString(s) {
        for (const ch of s)
            this.addChar(ch);
    }
    addRawString(s) {
        this.word += s;
        this.inWord = true;
    }
    finish() {
        if (this.word.length > 0) {
            this.words.push(this.word);
            this.word = '';
            this.inWord = false;
        }
        return this.words;
    }
}
function isSpecialParam(ch) {
    return '@*#?-$!0'.includes(ch);
}
/** How deep `${A:-${B:-...}}` may nest: far more than any Dockerfile needs. */
const MAX_NESTING = 100;
class ShellWord {
    lookup;
    opts;
    chars;
    pos = 0;
    depth = 0;
    rawEscapes;
    matched = new Set();
    unmatched = new Set();
    constructor(word, lookup, opts) {
        this.lookup = lookup;
        this.opts = opts;
        this.chars = Array.from(word);
        this.rawEscapes = opts.rawEscapes ?? false;
    }
    peek() {
        return this.chars[this.pos];
    }
    next() {
        const ch = this.chars[this.pos];
        if (ch !== undefined)
            this.pos++;
        return ch;
    }
    getEnv(name) {
        const value = this.lookup(name);
        if (value === undefined)
            this.unmatched.add(name);
        else
            this.matched.add(name);
        return value;
    }
    processStopOn(stop, rawEscapes) {
        const saved = this.rawEscapes;
        this.rawEscapes = rawEscapes;
        try {
            let result = '';
            const words = new WordCollector();
            for (;;) {
                const ch = this.peek();
                if (ch === undefined)
                    break;
                if (stop !== undefined && ch === stop) {
                    this.next();
                    return { result, words: words.finish() };
                }
                if (ch === '$') {
                    const value = this.processDollar();
                    result += value;
                    words.addString(value);
                    continue;
                }
                if (ch === "'" || ch === '"') {
                    const value = ch === "'" ? this.processSingleQuote() : this.processDoubleQuote();
                    result += value;
                    words.addRawString(value);
                    continue;
                }
                let c = this.next();
                if (c === this.opts.escape) {
                    if (this.rawEscapes) {
                        words.addRawChar(c);
                        result += c;
                    }
                    const escaped = this.next();
                    if (escaped === undefined)
                        break; // an escape at the end is dropped
                    c = escaped;
                    words.addRawChar(c);
                }
                else {
                    words.addChar(c);
                }
                result += c;
            }
            if (stop !== undefined) {
                throw new Failure(`unexpected end of statement while looking for matching ${stop}`);
            }
            return { result, words: words.finish() };
        }
        finally {
            this.rawEscapes = saved;
        }
    }
    processSingleQuote() {
        // Everything up to the next ' is literal; ' cannot be escaped inside.
        const open = this.next();
        let result = this.opts.rawQuotes ? open : '';
        for (;;) {
            const ch = this.next();
            if (ch === undefined) {
                throw new Failure('unexpected end of statement while looking for matching single-quote');
            }
            if (ch === "'") {
                if (this.opts.rawQuotes)
                    result += ch;
                return result;
            }
            result += ch;
        }
    }
    processDoubleQuote() {
        // Literal up to the next ", except $ expansions; the escape character only
        // escapes ", $ and itself, and stays as written before anything else.
        const open = this.next();
        let result = this.opts.rawQuotes ? open : '';
        for (;;) {
            const peek = this.peek();
            if (peek === undefined) {
                throw new Failure('unexpected end of statement while looking for matching double-quote');
            }
            if (peek === '"') {
                this.next();
                if (this.opts.rawQuotes)
                    result += peek;
                return result;
            }
            if (peek === '$') {
                result += this.processDollar();
                continue;
            }
            let ch = this.next();
            if (ch === this.opts.escape) {
                if (this.rawEscapes)
                    result += ch;
                const after = this.peek();
                if (after === undefined)
                    continue; // ignore the escape at the end of the word
                if (after === '"' || after === '$' || after === this.opts.escape)
                    ch = this.next();
            }
            result += ch;
        }
    }
    processName() {
        let name = '';
        for (;;) {
            const ch = this.peek();
            if (ch === undefined)
                break;
            if (name === '' && DIGIT.test(ch)) {
                // $1, $23: positional parameters, read all digits
                for (let d = this.peek(); d !== undefined && DIGIT.test(d); d = this.peek()) {
                    name += this.next();
                }
                return name;
            }
            if (name === '' && isSpecialParam(ch)) {
                this.next();
                return ch;
            }
            if (!LETTER.test(ch) && !DIGIT.test(ch) && ch !== '_')
                break;
            name += this.next();
        }
        return name;
    }
    /** Reads a nested word (a default, a pattern): the depth is bounded, not the stack. */
    nested(stop, rawEscapes) {
        if (++this.depth > MAX_NESTING) {
            throw new Failure(`variable substitutions are nested more than ${MAX_NESTING} deep`);
        }
        try {
            return this.processStopOn(stop, rawEscapes).result;
        }
        finally {
            this.depth--;
        }
    }
    processDollar() {
        this.next(); // $
        if (this.peek() !== '{') {
            const name = this.processName();
            if (name === '')
                return '$';
            const value = this.getEnv(name);
            if (value === undefined && this.opts.skipUnsetEnv)
                return `$${name}`;
            return value ?? '';
        }
        this.next(); // {
        const first = this.peek();
        if (first === undefined)
            throw new Failure("syntax error: missing '}'");
        if (first === '{' || first === '}' || first === ':') {
            throw new Failure('syntax error: bad substitution');
        }
        const name = this.processName();
        const op = this.next();
        if (op === undefined)
            throw new Failure("syntax error: missing '}'");
        if (op === '}') {
            const value = this.getEnv(name);
            if (value === undefined && this.opts.skipUnsetEnv)
                return `\${${name}}`;
            return value ?? '';
        }
        if (op === '/')
            return this.processReplacement(name);
        // ':' makes an empty value count as unset and applies to whatever follows,
        // which is read as a word before an unknown modifier is rejected (as in Go).
        let ch = op;
        let modifier = op;
        let nullIsUnset = false;
        if (op === ':') {
            nullIsUnset = true;
            ch = this.next();
            modifier += ch ?? '';
        }
        else if (!'+-?#%'.includes(op)) {
            throw new Failure(`unsupported modifier (${modifier}) in substitution`);
        }
        let word;
        try {
            word = this.nested('}', ch === '#' || ch === '%');
        }
        catch (err) {
            if (this.peek() === undefined)
                throw new Failure("syntax error: missing '}'");
            throw err;
        }
        const value = this.getEnv(name);
        if (value === undefined && this.opts.skipUnsetEnv)
            return `\${${name}${modifier}${word}}`;
        const unset = value === undefined || (nullIsUnset && value === '');
        switch (ch) {
            case '-':
                return unset ? word : (value ?? '');
            case '+':
                return unset ? '' : word;
            case '?':
                if (value === undefined) {
                    throw new Failure(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
                }
                if (nullIsUnset && value === '') {
                    throw new Failure(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
                }
                return value;
            case '#':
            case '%': {
                // # and % remove the shortest prefix / suffix, ## and %% the longest
                let pattern = word;
                let greedy = false;
                if (pattern.startsWith(ch)) {
                    greedy = true;
                    pattern = pattern.slice(1);
                }
                return ch === '%'
                    ? trimSuffix(pattern, value ?? '', greedy)
                    : trimPrefix(pattern, value ?? '', greedy);
            }
            default:
                throw new Failure(`unsupported modifier (${modifier}) in substitution`);
        }
    }
    processReplacement(name) {
        const all = this.peek() === '/';
        if (all)
            this.next();
        let pattern;
        try {
            pattern = this.nested('/', true);
        }
        catch (err) {
            if (this.peek() === undefined)
                throw new Failure("syntax error: missing '/' in ${}");
            throw err;
        }
        let replacement;
        try {
            replacement = this.nested('}', true);
        }
        catch (err) {
            if (this.peek() === undefined)
                throw new Failure("syntax error: missing '}'");
            throw err;
        }
        const value = this.getEnv(name);
        if (value === undefined && this.opts.skipUnsetEnv)
            return `\${${name}/${pattern}/${replacement}}`;
        const re = patternRegex(pattern, true, false, all);
        return (value ?? '').replace(re, () => replacement);
    }
}
/** A shell pattern (`*`, `?`, `\` escapes) as a regular expression. */
function patternRegex(pattern, greedy, anchored, global = false) {
    const chars = Array.from(pattern);
    let out = anchored ? '^' : '';
    for (let i = 0; i < chars.length; i++) {
        let tok = chars[i];
        if (tok === '*') {
            out += greedy ? '.*' : '.*?';
            continue;
        }
        if (tok === '?') {
            out += '.';
            continue;
        }
        if (tok === '\\') {
            const next = chars[i + 1];
            // \} and \/ are escapes of ${} itself, not part of the pattern
            if (next === '}' || next === '/')
                continue;
            i++;
            tok = chars[i] ?? '';
            if (tok !== '*' && tok !== '?' && tok !== '\\') {
                throw new Failure(`invalid pattern (${pattern}) in substitution: invalid escape '\\${tok}'`);
            }
            out += '\\';
        }
        else if ('[]{}.+()|^$'.includes(tok)) {
            out += '\\';
        }
        out += tok;
    }
    return new RegExp(out, global ? 'gu' : 'u');
}
function trimPrefix(pattern, value, greedy) {
    const m = patternRegex(pattern, greedy, true).exec(value);
    return m ? value.slice(m.index + m[0].length) : value;
}
/** Reverses a pattern but keeps escapes in front of what they escape (`a\*c` → `c\*a`). */
function reversePattern(pattern) {
    const chars = Array.from(pattern);
    const out = new Array(chars.length);
    const last = chars.length - 1;
    for (let i = 0; i <= last;) {
        const tok = chars[i];
        const o = last - i;
        if (tok === '\\' && i !== last) {
            out[o - 1] = tok;
            out[o] = chars[i + 1];
            i += 2;
        }
        else {
            out[o] = tok;
            i++;
        }
    }
    return out.join('');
}
function reverseString(s) {
    return Array.from(s).reverse().join('');
}
function trimSuffix(pattern, value, greedy) {
    // Shortest rightmost match = shortest leftmost match of the reversed strings.
    return reverseString(trimPrefix(reversePattern(pattern), reverseString(value), greedy));
}
function lex(word, lookup, opts) {
    const sw = new ShellWord(word, lookup, opts);
    try {
        const { result, words } = sw.processStopOn(undefined, opts.rawEscapes ?? false);
        return { result, words, matched: sw.matched, unmatched: sw.unmatched };
    }
    catch (err) {
        if (err instanceof Failure) {
            throw new Failure(`failed to process ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(word, 200)}: ${err.message}`, err.hint);
        }
        throw err;
    }
}
function recordLookup(env) {
    return (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
}
function mapLookup(env) {
    return (name) => env.get(name);
}
/**
 * Docker's expansion of one word: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?message}` (throws), `${VAR#pattern}`,
 * `${VAR%pattern}` (and `##`, `%%`), `${VAR/pattern/replacement}` (and `//`); the escape
 * character escapes the next character, single quotes are literal, double quotes
 * group and still expand; an unset variable expands to ''. Quotes are removed.
 */
function expand(word, env, escape = '\\') {
    try {
        return lex(word, recordLookup(env), { escape }).result;
    }
    catch (err) {
        if (err instanceof Failure)
            throw new ActionError('build', err.message, err.hint);
        throw err;
    }
}


/***/ }),

/***/ 4625:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DockerfileReader: () => (/* binding */ DockerfileReader)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _parser_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8235);
/**
 * The Dockerfiles of one run, read and parsed once: choosing the builder, building
 * each platform, looking up the engine image's base all ask this reader, which reads a
 * file again only when it changed since (a build-command may write or replace it, and
 * each platform builds in a copy of the workspace: another file), and parses a text's
 * syntax once. What depends on the build (ARG values, the platform, base images'
 * environment) is resolved by each build from that syntax (resolve.ts).
 */


class DockerfileReader {
    o;
    files = new Map();
    syntax = new Map();
    constructor(o = {}) {
        this.o = o;
    }
    /** The file's text: as read before when the file is unchanged since, else read now. */
    read(path) {
        const stamp = stampOf(path);
        const known = this.files.get(path);
        if (known !== undefined && stamp !== undefined && known.stamp === stamp)
            return known.source;
        const text = (this.o.read ?? ((p) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(p, 'utf8')))(path);
        const source = this.text(text);
        if (stamp !== undefined)
            this.files.set(path, { stamp, source });
        return source;
    }
    /** A text (read elsewhere) whose syntax is parsed once per run. */
    text(text) {
        return {
            text,
            ast: (file) => {
                let ast = this.syntax.get(text);
                if (ast === undefined) {
                    ast = (this.o.parse ?? _parser_js__WEBPACK_IMPORTED_MODULE_1__/* .parseAST */ .Qn)(text, file);
                    this.syntax.set(text, ast);
                }
                return ast;
            },
        };
    }
}
/** What changes when a file is written or replaced: undefined when it cannot be read. */
function stampOf(path) {
    try {
        const s = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path, { bigint: true });
        return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
    }
    catch {
        return undefined;
    }
}


/***/ })

};
