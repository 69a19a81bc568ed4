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

/** The job summary as markdown: pure, so it is tested without a runner. */
export function renderSummary(report: Report): string {
  const { plan, build, push } = report;
  const lines: string[] = [];
  const title = report.failure
    ? 'Image not published'
    : push
      ? 'Image published'
      : 'Image built, not pushed';
  lines.push(`### ${title}`, '');
  if (report.failure) lines.push(`**Failed:** ${escapeText(report.failure)}`, '');
  if (!push && !report.failure && plan.noPushReason) {
    lines.push(`Nothing was pushed: ${escapeText(plan.noPushReason)}.`, '');
  }
  for (const { tag, newer } of report.held) {
    lines.push(
      `Tag \`${tag}\` was left on \`${newer}\`, a newer release than \`${plan.version}\`.`,
    );
  }
  if (report.held.length > 0) lines.push('');
  lines.push('| | |', '|---|---|');
  lines.push(`| Image | \`${plan.image.name}\` |`);
  lines.push(`| Tags | ${plan.tags.map((t) => `\`${t}\``).join(' ')} |`);
  if (push?.digest) lines.push(`| Digest | \`${push.digest}\` |`);
  for (const { platform, digest, size } of push?.platforms ?? []) {
    const bytes = size === undefined ? '' : ` (${formatBytes(size)} compressed)`;
    lines.push(`| ${platform} | \`${digest}\`${bytes} |`);
  }
  if (build) {
    lines.push(`| Image ID | \`${build.imageId}\` |`);
    if (push?.size !== undefined) {
      lines.push(`| Size | ${formatBytes(push.size)} (compressed) |`);
    } else if (build.size !== undefined) {
      lines.push(`| Size | ${formatBytes(build.size)} (${build.sizeKind}) |`);
    }
  }
  lines.push(`| Version | \`${plan.version}\` |`);
  lines.push(`| Builder | ${report.builder} |`);
  lines.push('');
  if (push?.digest) {
    lines.push('```sh', `docker pull ${plan.image.name}@${push.digest}`, '```', '');
  }
  if (report.times.length > 0) {
    lines.push('| Stage | Time |', '|---|---|');
    for (const { stage, ms } of report.times)
      lines.push(`| ${stage} | ${formatMs(ms, 'report')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * Keeps foreign text (a registry's message, a path) on its one line of the summary:
 * no HTML, no table cell break, no code span, no link or image; and every line ending
 * (CR alone too, and the Unicode separators) becomes a space, so that no heading, list
 * or table row can start inside it.
 */
function escapeText(text: string): string {
  return text
    .replace(/[<>|`[\]]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' ');
}
