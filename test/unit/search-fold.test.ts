import { describe, expect, it } from 'vitest';
import { foldForSearch } from '../../src/shared/search.ts';

describe('foldForSearch', () => {
  it.each([
    ['Síle', 'sile'],
    ['MÜLLER', 'muller'],
    ['Nguyễn', 'nguyen'],
    ['cafe\u0301', 'cafe'], // typed as "e" and a combining accent
    ['İstanbul', 'istanbul'], // lower-cased "İ" is "i" with a dot above
    ['ﬁg Ｍilk', 'fig milk'], // a ligature and a full-width letter
    ['Ελλάδα', 'ελλαδα'],
  ])('finds %s as %s', (name, typed) => {
    expect(foldForSearch(name)).toBe(typed);
  });

  it('keeps letters that are not a letter and an accent, as the register does', () => {
    expect(foldForSearch('Øresund Straße')).toBe('øresund straße');
  });

  it('keeps the marks other scripts spell with, so different words stay different', () => {
    expect(foldForSearch('ガム')).not.toBe(foldForSearch('カム'));
    expect(foldForSearch('ｶﾞﾑ')).toBe(foldForSearch('ガム'));
    expect(foldForSearch('किताब')).toBe('किताब');
  });
});
