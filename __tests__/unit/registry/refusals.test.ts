// What a push the registry refuses says to do, where the registry is one whose rules
// differ from Docker Hub's: repositories made by hand first (Amazon ECR), tags that never
// move (ECR's immutable repositories), rights given by a cloud's IAM or by a package's
// settings (GHCR) rather than by owning a namespace.
import { describe, expect, it } from 'vitest';
import { wordHint } from '../../../src/core/errors.js';
import { Failures, type RegistryError } from '../../../src/registry/errors.js';
import { Redactor } from '../../../src/registry/transport/credential-scope.js';
import { bench, blob, bytes, MiB } from '../../fixtures/upload-bench.js';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

/** The failures of a client of `registry` logged in as `username` (with Basic, as ECR asks). */
function failuresFor(registry: string, username = 'AWS', basic = false) {
  const credentials = { username, password: 'token-Secr3t-value' };
  return new Failures({
    registry,
    stage: 'push',
    credentials,
    redactor: new Redactor(credentials),
    usesBasic: () => basic,
  });
}

const answer = (status: number, code: string, message: string) => ({
  status,
  headers: {},
  body: Buffer.from(JSON.stringify({ errors: [{ code, message }] })),
});

const pushing = (repo: string) => ({
  what: `uploading blob sha256:0123456789ab (3.0 MiB) to ${repo}`,
  repo,
  access: 'push' as const,
});

const ecrMissing = (repo: string) =>
  answer(
    404,
    'NAME_UNKNOWN',
    `The repository with name '${repo}' does not exist in the registry with id '123456789012'`,
  );

describe('a push into a repository that does not exist', () => {
  it('on Amazon ECR: says to create it, with the command', () => {
    const e = failuresFor(ECR).failure(pushing('team/app'), ecrMissing('team/app'));
    expect(e.message).toMatch(/does not exist in the registry with id/);
    expect(wordHint(e.hint)).toMatch(/Amazon ECR does not create repositories on push/);
    expect(wordHint(e.hint)).toMatch(
      /aws ecr create-repository --repository-name team\/app --region eu-west-1/,
    );
  });

  it('on Amazon ECR Public: the command names the repository without the alias', () => {
    const e = failuresFor('public.ecr.aws').failure(pushing('a1b2c3d4/app'), ecrMissing('app'));
    expect(wordHint(e.hint)).toMatch(
      /aws ecr-public create-repository --repository-name app --region us-east-1/,
    );
  });

  it('elsewhere: says to create the repository (or its project) first', async () => {
    const { client } = await bench({ repositories: ['team/other'] });
    const err = (await client
      .pushBlob('team/app', blob(bytes(3 * MiB)))
      .catch((e: unknown) => e)) as RegistryError;
    expect(err.message).toMatch(/Uploading blob .* to team\/app failed: .*NAME_UNKNOWN/);
    expect(wordHint(err.hint)).toMatch(/Create the repository "team\/app"/);
  });

  it('a pull of a missing repository keeps the words it had', () => {
    const e = failuresFor(ECR).failure(
      { what: 'reading manifest latest', repo: 'team/app', access: 'pull' },
      ecrMissing('team/app'),
    );
    expect(wordHint(e.hint) ?? '').not.toMatch(/create-repository/);
  });
});

describe('a tag the repository keeps immutable', () => {
  it('on Amazon ECR: says the tags cannot move, not that the tag is malformed', () => {
    const e = failuresFor(ECR).failure(
      { what: 'pushing manifest latest', repo: 'team/app', access: 'push' },
      answer(
        400,
        'TAG_INVALID',
        "The image tag 'latest' already exists in the 'team/app' repository and cannot be overwritten because the repository is immutable.",
      ),
    );
    const hint = wordHint(e.hint)!;
    expect(hint).not.toMatch(/Tags are up to 128/);
    expect(hint).toMatch(/immutable/);
    expect(hint).toMatch(/latest: false/);
  });

  it('a malformed tag still gets the tag rules', () => {
    const e = failuresFor(ECR).failure(
      { what: 'pushing manifest -x', repo: 'team/app', access: 'push' },
      answer(400, 'TAG_INVALID', 'manifest tag did not match URI'),
    );
    expect(wordHint(e.hint)).toMatch(/Tags are up to 128/);
  });
});

describe('a push the registry denies', () => {
  it('on Amazon ECR: names the IAM actions, not a namespace the account owns', () => {
    const e = failuresFor(ECR).failure(
      pushing('team/app'),
      answer(
        403,
        'DENIED',
        'User: arn:aws:sts::123456789012:assumed-role/ci/gh is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:eu-west-1:123456789012:repository/team/app',
      ),
    );
    expect(e.message).not.toMatch(/repositories it owns/);
    expect(e.message).toMatch(/not authorized to perform: ecr:InitiateLayerUpload/);
    expect(wordHint(e.hint)).toMatch(/ecr:InitiateLayerUpload/);
    expect(wordHint(e.hint)).toMatch(/ecr:PutImage/);
  });

  it('on GHCR: names the job permission and the package access', () => {
    const e = failuresFor('ghcr.io', 'octocat').failure(
      pushing('acme/app'),
      answer(403, 'DENIED', 'installation not allowed to Write organization package'),
    );
    expect(wordHint(e.hint)).toMatch(/packages: write/);
    expect(wordHint(e.hint)).toMatch(/Manage Actions access/);
  });

  it('on Docker Hub: keeps the namespace rule', () => {
    const e = failuresFor('docker.io', 'alice').failure(
      pushing('bob/app'),
      answer(401, 'UNAUTHORIZED', 'authentication required'),
    );
    expect(e.message).toMatch(/can push only to repositories it owns/);
  });
});

describe('credentials the registry rejects', () => {
  const rejected = answer(401, 'UNAUTHORIZED', 'authentication required');
  it('on Amazon ECR: names the AWS username and the 12-hour password', () => {
    const e = failuresFor(ECR, 'AWS', true).loginRejected(rejected);
    expect(wordHint(e.hint)).toMatch(/username AWS/);
    expect(wordHint(e.hint)).toMatch(/aws ecr get-login-password --region eu-west-1/);
    expect(wordHint(e.hint)).toMatch(/12 hours/);
  });

  it('on GHCR: names the actor and GITHUB_TOKEN', () => {
    const e = failuresFor('ghcr.io', 'octocat', true).loginRejected(rejected);
    expect(wordHint(e.hint)).toMatch(/github\.actor/);
    expect(wordHint(e.hint)).toMatch(/GITHUB_TOKEN/);
  });
});

describe('a push the registry kept answering 429', () => {
  it('on Amazon ECR: says to wait or give the push more time, not to log in to Docker Hub', () => {
    const e = failuresFor(ECR).failure(
      pushing('team/app'),
      answer(429, 'TOOMANYREQUESTS', 'Rate exceeded'),
      'the time budget is spent',
    );
    const hint = wordHint(e.hint)!;
    expect(hint).not.toMatch(/Docker Hub/);
    expect(hint).toMatch(/"retry-timeout"/);
  });
});

describe('a push without credentials', () => {
  it("to Amazon ECR: names the forms ECR takes, not Docker Hub's", () => {
    const failures = new Failures({
      registry: ECR,
      stage: 'push',
      redactor: new Redactor(undefined),
      usesBasic: () => true,
    });
    const hint = wordHint(failures.credentialsNeeded('team/app').hint)!;
    expect(hint).toMatch(/"username" and "password"/);
    expect(hint).toMatch(/aws ecr get-login-password/);
    expect(hint).not.toMatch(/Docker ID/);
  });
});
