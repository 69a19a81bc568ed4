/**
 * The SLSA provenance v1 predicate (https://slsa.dev/spec/v1.0/provenance) of one
 * platform's image: who built it (this action), how (the build type and the inputs
 * that shape the image), and from what (the commit, and every base image by digest).
 * No run id, no time: the statement is the same for every run of one commit.
 */
import { jsonMap } from '../go-format.js';
import { formatPlatform, type Platform } from '../platform.js';
import {
  BUILD_TYPE,
  BUILDER_ID,
  basePurl,
  secretLooking,
  type AttestParams,
  type BaseRecord,
} from './params.js';

export function provenancePredicate(
  p: AttestParams,
  builder: string,
  platform: Platform,
  bases: readonly BaseRecord[],
): unknown {
  const withheld = p.buildArgs.filter(([k]) => secretLooking(k)).map(([k]) => k);
  return {
    buildDefinition: {
      buildType: BUILD_TYPE,
      externalParameters: {
        source: {
          repository: p.serverUrl ? `${p.serverUrl}/${p.repository}` : p.repository,
          ref: p.ref,
          commit: p.commit,
        },
        buildCommand: p.buildCommand,
        workingDirectory: p.workingDirectory,
        context: p.context,
        dockerfile: p.dockerfile,
        target: p.target,
        buildArgs: jsonMap(Object.fromEntries(p.buildArgs.filter(([k]) => !secretLooking(k)))),
        buildArgsWithheld: withheld.length > 0 ? withheld.sort() : undefined,
        labels: jsonMap(Object.fromEntries(p.labels)),
        platforms: p.platforms,
        builder: p.builderInput,
      },
      internalParameters: { builder, platform: formatPlatform(platform) },
      resolvedDependencies: [sourceDependency(p), ...bases.map(baseDependency)],
    },
    runDetails: { builder: { id: BUILDER_ID } },
  };
}

function sourceDependency(p: AttestParams): unknown {
  const repo = p.serverUrl ? `${p.serverUrl}/${p.repository}` : p.repository;
  return {
    uri: `git+${repo}${p.ref ? `@${p.ref}` : ''}`,
    digest: jsonMap({ gitCommit: p.commit }),
  };
}

function baseDependency(b: BaseRecord): unknown {
  const [algorithm, hex] = b.digest.split(':');
  return { uri: basePurl(b), digest: jsonMap({ [algorithm!]: hex }) };
}
