import { formatBytes } from '../util/bytes.js';
import { formatMs } from '../util/duration-format.js';
import type { BuildResult, PushResult } from '../builders/builder.js';
import type { HeldTag } from './floating.js';
import type { Plan } from '../request/plan.js';
import type { StageTime } from './timing.js';

export interface Report {
  plan: Plan;
  builder: string;
  build: BuildResult | undefined;
  push: PushResult | undefined;
  /** Floating tags left on a newer release. */
  held: HeldTag[];
  times: StageTime[];
  /** The error that stopped the step, if one did. */
  failure: string | undefined;
}

/**
 * The job summary as markdown: pure, so it is tested without a runner. Every value in
 * it that the action did not write (names, tags, digests, platforms, versions, messages)
 * goes through `text` or `code` below, the one place that escapes them.
 */
export function renderSummary(report: Report): string {
  const { plan, build, push } = report;
  const lines: string[] = [];
  const title = report.failure
    ? 'Image not published'
    : push
      ? 'Image published'
      : 'Image built, not pushed';
  lines.push(`### ${title}`, '');
  if (report.failure) lines.push(`**Failed:** ${text(report.failure)}`, '');
  if (!push && !report.failure && plan.noPushReason) {
    lines.push(`Nothing was pushed: ${text(plan.noPushReason)}.`, '');
  }
  for (const { tag, newer } of report.held) {
    lines.push(
      `Tag ${code(tag)} was left on ${code(newer)}, a newer release than ${code(plan.version)}.`,
    );
  }
  if (report.held.length > 0) lines.push('');
  lines.push('| | |', '|---|---|');
  lines.push(`| Image | ${code(plan.image.name)} |`);
  lines.push(`| Tags | ${plan.tags.map(code).join(' ')} |`);
  if (push?.digest) lines.push(`| Digest | ${code(push.digest)} |`);
  for (const { platform, digest, size } of push?.platforms ?? []) {
    const bytes = size === undefined ? '' : ` (${formatBytes(size)} compressed)`;
    lines.push(`| ${text(platform)} | ${code(digest)}${bytes} |`);
  }
  if (build) {
    lines.push(`| Image ID | ${code(build.imageId)} |`);
    if (push?.size !== undefined) {
      lines.push(`| Size | ${formatBytes(push.size)} (compressed) |`);
    } else if (build.size !== undefined) {
      lines.push(`| Size | ${formatBytes(build.size)} (${build.sizeKind}) |`);
    }
  }
  lines.push(`| Version | ${code(plan.version)} |`);
  lines.push(`| Builder | ${text(report.builder)} |`);
  lines.push('');
  const pull = push?.digest ? `${plan.image.name}@${push.digest}` : undefined;
  // A fenced block shows its text raw: written only for a reference that is plainly one.
  if (pull !== undefined && PLAIN.test(pull)) lines.push('```sh', `docker pull ${pull}`, '```', '');
  if (report.times.length > 0) {
    lines.push('| Stage | Time |', '|---|---|');
    for (const { stage, ms } of report.times)
      lines.push(`| ${text(stage)} | ${formatMs(ms, 'report')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Text that markdown shows as it is in a code span: a registry reference, a digest. */
const PLAIN = /^[A-Za-z0-9._:/@+-]+$/;

/**
 * Keeps foreign text on its one line of the summary, in its one table cell: no HTML, no
 * cell break, no code span, no link or image, no escape of what follows (`&`, `\`);
 * every line ending (CR alone too, and the Unicode separators and NEXT LINE) becomes a
 * space, so that no heading, list or table row can start inside it.
 */
function text(value: string): string {
  return value
    .replace(/[<>|`[\]&\\]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/\r\n|[\r\n\v\f\u2028\u2029\u0085]/g, ' ');
}

/** A value shown as code: a code span when it is plain, else the same look in HTML. */
function code(value: string): string {
  return PLAIN.test(value) ? `\`${value}\`` : `<code>${text(value)}</code>`;
}
