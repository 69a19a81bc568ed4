import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseContext } from '../../../src/request/context.js';
import { parseInputs } from '../../../src/request/inputs.js';
import { makePlan } from '../../../src/request/plan.js';
import { renderSummary, type Report } from '../../../src/pipeline/summary.js';

const WS = path.resolve('/home/runner/work/hello/hello');
const digest = `sha256:${'cd'.repeat(32)}`;
const imageId = `sha256:${'ef'.repeat(32)}`;

function plan(event: string, ref: string, payload: Record<string, unknown> = {}) {
  const ctx = parseContext(
    {
      GITHUB_EVENT_NAME: event,
      GITHUB_REF: ref,
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REPOSITORY: 'octo-org/hello',
      GITHUB_WORKSPACE: WS,
    },
    { repository: { default_branch: 'main' }, ...payload },
  );
  const values: Record<string, string> = { username: 'alice' };
  const inputs = parseInputs((n) => values[n] ?? '', WS);
  return makePlan(ctx, inputs, { now: new Date(0), sourceDateEpoch: undefined });
}

function report(overrides: Partial<Report>): Report {
  return {
    plan: plan('push', 'refs/heads/main'),
    builder: 'docker',
    build: { imageId, size: 800_000, sizeKind: 'uncompressed' },
    push: { digest, pushed: [] },
    times: [
      { stage: 'build', ms: 1500 },
      { stage: 'push', ms: 320 },
    ],
    failure: undefined,
    held: [],
    ...overrides,
  };
}

describe('renderSummary', () => {
  it('shows image, tags, digest, size, the pull line and stage times when pushed', () => {
    const md = renderSummary(report({}));
    expect(md).toMatch(/^### Image published/);
    expect(md).toContain('| Image | `docker.io/alice/hello` |');
    expect(md).toContain('`sha-0123456` `latest`');
    expect(md).toContain(`| Digest | \`${digest}\` |`);
    expect(md).toContain('| Size | 781.3 KiB (uncompressed) |');
    expect(md).toContain(`docker pull docker.io/alice/hello@${digest}`);
    expect(md).toContain('| build | 1.50 s |');
    expect(md).toContain('| push | 320 ms |');
  });

  it('says why nothing was pushed on a pull request', () => {
    const md = renderSummary(
      report({
        plan: plan('pull_request', 'refs/pull/9/merge', { pull_request: { number: 9 } }),
        push: undefined,
      }),
    );
    expect(md).toMatch(/^### Image built, not pushed/);
    expect(md).toMatch(/Nothing was pushed: this is pull request #9/);
    expect(md).not.toContain('docker pull');
  });

  it('shows the failure, escaped so it cannot break the table', () => {
    const md = renderSummary(report({ push: undefined, failure: 'bad <b>|thing`\nnext' }));
    expect(md).toMatch(/^### Image not published/);
    expect(md).toContain('**Failed:** bad &#60;b&#62;&#124;thing&#96; next');
  });

  it('keeps a registry message with CR alone, separators and links on its one line', () => {
    const failure =
      'denied\r### Image published\r| Digest | x |\u2028- item [click](https://evil.example) ![t](https://evil.example/p.png)';
    const md = renderSummary(report({ push: undefined, failure }));
    const line = md.split(/\r\n|\r|\n/).find((l) => l.startsWith('**Failed:**'));
    expect(line).toBe(
      '**Failed:** denied ### Image published &#124; Digest &#124; x &#124; - item &#91;click&#93;(https://evil.example) !&#91;t&#93;(https://evil.example/p.png)',
    );
    expect(md).not.toMatch(/\r|\u2028/);
    expect(md.match(/^###/gm)).toHaveLength(1);
  });
});

describe('renderSummary size', () => {
  it('prefers the pushed size (compressed) to the built one', () => {
    const md = renderSummary(report({ push: { digest, pushed: [], size: 2048 } }));
    expect(md).toContain('| Size | 2.0 KiB (compressed) |');
    expect(md).not.toContain('(uncompressed)');
  });
});

describe('renderSummary with held floating tags', () => {
  it('says which floating tags stayed on a newer release', () => {
    const md = renderSummary(report({ held: [{ tag: 'latest', newer: '2.0.0' }] }));
    expect(md).toContain('Tag `latest` was left on `2.0.0`, a newer release than `main`.');
  });
});

describe('renderSummary with foreign values', () => {
  const HOSTILE =
    'v9\n| forged | row |\r<img src=x onerror=alert(1)>\u0085[click](https://e.example) `x` a\\';

  it('keeps every value in its one cell: no HTML, link, code span break or new row', () => {
    const md = renderSummary(
      report({
        builder: `docker${HOSTILE}`,
        push: {
          digest,
          pushed: [],
          platforms: [{ platform: `linux/arm64/${HOSTILE}`, digest: `${digest}${HOSTILE}` }],
        },
        held: [{ tag: `latest${HOSTILE}`, newer: `2.0.0${HOSTILE}` }],
        times: [{ stage: `build${HOSTILE}` as 'build', ms: 1 }],
      }),
    );
    expect(md).not.toMatch(/<img|\[click\]|\r|\u0085|^\| forged/m);
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    for (const row of rows) expect(row.match(/\|/g), row).toHaveLength(3);
    expect(rows).toContain(
      '| linux/arm64/v9 &#124; forged &#124; row &#124; &#60;img src=x onerror=alert(1)&#62; &#91;click&#93;(https://e.example) &#96;x&#96; a&#92; | ' +
        `<code>${digest}v9 &#124; forged &#124; row &#124; &#60;img src=x onerror=alert(1)&#62; &#91;click&#93;(https://e.example) &#96;x&#96; a&#92;</code> |`,
    );
    // Only the one heading: nothing of the values started a line of its own.
    expect(md.match(/^#/gm)).toHaveLength(1);
  });

  it('writes the pull command only for a plain reference', () => {
    const plain = renderSummary(report({}));
    expect(plain).toContain('```sh');
    const md = renderSummary(report({ push: { digest: `${digest}\n\`\`\`\n# x`, pushed: [] } }));
    expect(md).not.toContain('docker pull');
    expect(md.match(/^#/gm)).toHaveLength(1);
  });
});
