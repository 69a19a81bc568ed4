/**
 * What to do about a push a registry refused, where its rules are not Docker Hub's: a
 * repository made by hand before the first push (Amazon ECR; Harbor's projects), tags
 * that never move once pushed (immutable repositories), push rights given by a cloud's
 * IAM or by a package's settings rather than by owning a namespace.
 */
import type { Hint } from '../core/errors.js';
import { knownRegistry } from './host.js';

/** The push actions of Amazon ECR's documented policies (image-push-iam, public-repository-policies). */
const ECR_PUSH_ACTIONS = {
  ecr: 'ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage and ecr:BatchGetImage on the repository, and ecr:GetAuthorizationToken',
  'ecr-public':
    'ecr-public:BatchCheckLayerAvailability, ecr-public:InitiateLayerUpload, ecr-public:UploadLayerPart, ecr-public:CompleteLayerUpload and ecr-public:PutImage on the repository, and ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken',
};

/** For a push answered NAME_UNKNOWN: make the repository first. */
export function missingRepositoryHint(registry: string, repo: string): Hint {
  const known = knownRegistry(registry);
  if (known?.kind === 'ecr') {
    return `Amazon ECR does not create repositories on push: create it first (aws ecr create-repository --repository-name ${repo} --region ${known.region}), or name one that exists.`;
  }
  if (known?.kind === 'ecr-public') {
    const name = repo.slice(repo.indexOf('/') + 1);
    return `Amazon ECR Public does not create repositories on push: create it first (aws ecr-public create-repository --repository-name ${name} --region us-east-1); the image is named public.ecr.aws/<registry alias>/${name}.`;
  }
  return `Create the repository "${repo}" on ${registry} first, or the project or namespace it is in (Harbor, for one, pushes only into a project that exists), and check the image name.`;
}

/** Whether the registry's words say a tag, once pushed, may not be moved. */
export function saysImmutable(messages: readonly string[]): boolean {
  return messages.some((m) => /immutable|cannot be overwritten/i.test(m));
}

/** For a push the registry kept answering 429 until the time to retry ran out. */
export const pushLimitedHint: Hint = (w) =>
  `Wait for the rate limit window to pass and run again, or raise ${w.setting('retry-timeout')} so the push waits it out.`;

/** For a tag refused because the repository's tags never move. */
export const immutableTagHint: Hint = (w) =>
  `The repository keeps its tags immutable, and this push moves a tag that is there already ("latest" on every push, the major and minor tags on a release). Let the repository's tags move (on Amazon ECR: image tag mutability MUTABLE, or IMMUTABLE_WITH_EXCLUSION for these tags), or set ${w.example('latest', 'false')} and push only tags that are new each time.`;

/**
 * For a denied push on a registry whose rights do not follow namespaces: what the
 * message says in place of "can push only to repositories it owns", and the hint;
 * undefined where the namespace rule holds (Docker Hub, GHCR, most others).
 */
export function deniedByPolicy(registry: string): { why: string; hint: Hint } | undefined {
  const kind = knownRegistry(registry)?.kind;
  if (kind === 'ecr' || kind === 'ecr-public') {
    return {
      why: 'the IAM identity behind the token may not push to it',
      hint: `Allow the IAM role or user the workflow logs in as ${ECR_PUSH_ACTIONS[kind]}; the username is AWS and the password the output of aws ${kind} get-login-password, valid 12 hours.`,
    };
  }
  return undefined;
}

/** For a push GHCR denied: where GitHub gives the rights. */
export const ghcrDeniedHint: Hint = `With GITHUB_TOKEN as the password, the job needs "permissions: packages: write", and a package that exists already must give this repository write access (the package's settings, Manage Actions access); a personal access token needs the write:packages scope.`;

/** For credentials a registry rejected, where it wants them in a form of its own. */
export function loginHint(registry: string): Hint | undefined {
  const known = knownRegistry(registry);
  if (known?.kind === 'ecr' || known?.kind === 'ecr-public') {
    const region = known.kind === 'ecr' ? known.region : 'us-east-1';
    return `Amazon ECR takes the username AWS and, as password, the output of aws ${known.kind} get-login-password --region ${region} run in the same workflow (after aws-actions/configure-aws-credentials): it is valid 12 hours.`;
  }
  if (known?.kind === 'ghcr') {
    return 'GHCR takes ${{ github.actor }} as username and ${{ secrets.GITHUB_TOKEN }} (with "permissions: packages: write") or a personal access token with the write:packages scope as password.';
  }
  return undefined;
}
