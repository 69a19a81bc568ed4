/**
 * How a failed `docker save` is worded when a base layer was left out while the base
 * image's registry could not be read: the registry's own sentence inside ours.
 */
import { describe, expect, it } from 'vitest';

import { saveError } from '../../../../src/builders/docker/save-errors.js';
import { MissingSavedLayer } from '../../../../src/builders/docker/saved-image.js';

describe('a base layer left out of docker save', () => {
  it("takes the registry's sentence in without its full stop", () => {
    const why = 'Access denied to repository "team/base" on registry.test.';
    const error = saveError(
      { code: 1, stdout: '', stderr: '', error: new MissingSavedLayer(0, 'blobs/sha256/00') },
      { ref: 'registry.test/team/base:1', registry: 'registry.test', why },
    );
    expect(error.message).toMatch(/could not be read from its registry: Access denied .*\.$/);
    expect(error.message).not.toContain('..');
  });
});
