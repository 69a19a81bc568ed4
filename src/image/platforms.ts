import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Plan } from '../pipeline/plan.js';
import { formatPlatform, hostPlatform, parsePlatform } from './platform.js';

/** The variants each architecture has (as containerd and BuildKit name them). */
const VARIANTS: Record<string, readonly string[]> = {
  arm: ['v5', 'v6', 'v7', 'v8'],
  arm64: ['v8'],
  amd64: ['v1', 'v2', 'v3', 'v4'],
};

/** Why an architecture's variant does not exist, or undefined when it does (or is not checked). */
export function variantProblem(arch: string, variant: string): string | undefined {
  const known = VARIANTS[arch];
  if (known === undefined || variant === '' || known.includes(variant)) return undefined;
  return `${arch} has no variant ${variant}: its variants are ${known.join(', ')}.`;
}

/** The build variables Docker defines for a target platform (default: the runner's own). */
export function targetVariables(platform: string | undefined): Record<string, string> {
  if (platform === undefined) return targetVariables(formatPlatform(hostPlatform()));
  const { os, architecture, variant = '' } = parsePlatform(platform);
  return {
    TARGETPLATFORM: platform,
    TARGETOS: os,
    TARGETARCH: architecture,
    TARGETVARIANT: variant,
  };
}

/** A copy of the workspace for one round, in tempDir; the caller removes it. */
export function copyWorkspace(workspace: string, tempDir: string): string {
  const copy = mkdtempSync(join(tempDir, 'oneimage-platform-'));
  cpSync(workspace, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

export function removeWorkspaceCopy(copy: string): void {
  rmSync(copy, { recursive: true, force: true });
}

/** A path inside the workspace, moved to the same place inside a copy of it. */
export function rebase(path: string, from: string, to: string): string {
  const rel = relative(from, path);
  return rel === '' ? to : resolve(to, rel);
}

/** The plan with its context and Dockerfile inside another copy of the workspace. */
export function rebasePlan(plan: Plan, from: string, to: string): Plan {
  return {
    ...plan,
    context: rebase(plan.context, from, to),
    dockerfile: rebase(plan.dockerfile, from, to),
  };
}
