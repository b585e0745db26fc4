import { describe, expect, it } from '@jest/globals';
import { findUnstorableText } from '../../src/events/storableText.js';

describe('findUnstorableText', () => {
  it('names the path of a NUL or an unpaired surrogate, in a value or a key', () => {
    expect(findUnstorableText({ a: { b: ['ok', 'x\u0000y'] } })).toBe('a.b[1]');
    expect(findUnstorableText([{ note: 'half \ud83d' }])).toBe('[0].note');
    expect(findUnstorableText({ list: [[], [{ ['k\u0000']: 1 }]] })).toBe('list[1][0].k\u0000');
    expect(findUnstorableText('\udc00')).toBe('(root)');
  });

  it('passes text jsonb stores, paired surrogates included', () => {
    expect(findUnstorableText({ name: 'rocket 🚀', list: ['é', 'ü'], n: 1, none: null })).toBe(
      undefined,
    );
  });
});
