/** The project's tar reader: names as bytes, however the archive records them. */
import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { feedTar } from '../../../src/layers/feed-tar.js';
import { extractTar, memberName } from '../../../src/layers/tar-extract.js';
import { paxHeader, TAR_END, ustarBlock, ustarFile } from '../../fixtures/tar-blocks.js';

interface Read {
  name: string;
  linkname: string;
  pax: Record<string, string>;
  data: string;
}

async function read(tar: Buffer): Promise<Read[]> {
  const extract = extractTar();
  const fed = feedTar(Readable.from([tar]), extract);
  const out: Read[] = [];
  for await (const entry of extract) {
    const h = entry.header;
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    out.push({
      name: memberName(h, 'path', h.name),
      linkname: memberName(h, 'linkpath', h.linkname ?? ''),
      pax: (h.pax ?? {}) as Record<string, string>,
      data: Buffer.concat(chunks).toString(),
    });
  }
  await fed;
  return out;
}

describe('extractTar', () => {
  it('keeps the bytes of PAX path and linkpath records that are not UTF-8', async () => {
    const entries = await read(
      Buffer.concat([
        paxHeader({ path: 'caf\xe9.txt', uname: 'r\u00c3\u00a9mi' }),
        ustarFile('caf.txt', Buffer.from('latin1\n')),
        paxHeader({ path: 'ln-\xff', linkpath: 'caf\xe9.txt' }),
        ustarBlock('ln', '2', 0, 'caf.txt'),
        TAR_END,
      ]),
    );
    expect(entries).toEqual([
      // The other records as tar-stream reads them (UTF-8 text: "rémi").
      {
        name: 'caf\udce9.txt',
        linkname: '',
        pax: { path: 'caf\udce9.txt', uname: 'rémi' },
        data: 'latin1\n',
      },
      {
        name: 'ln-\udcff',
        linkname: 'caf\udce9.txt',
        pax: { path: 'ln-\udcff', linkpath: 'caf\udce9.txt' },
        data: '',
      },
    ]);
  });

  it('reads UTF-8 PAX names, USTAR names and a global header’s names', async () => {
    const entries = await read(
      Buffer.concat([
        paxHeader({ path: 'na\u00c3\u00afve.txt' }),
        ustarFile('naive.txt', Buffer.from('utf-8\n')),
        ustarFile('ustar-\xe9.txt', Buffer.from('ustar\n')),
        paxHeader({ linkpath: 'g\xe9' }, 'g'),
        // tar-stream applies the global records to an entry with records of its own.
        paxHeader({ uid: '5' }),
        ustarBlock('after', '2', 0, 'x'),
        TAR_END,
      ]),
    );
    expect(entries.map((e) => [e.name, e.linkname])).toEqual([
      ['naïve.txt', ''],
      ['ustar-\udce9.txt', ''],
      ['after', 'g\udce9'],
    ]);
  });
});
