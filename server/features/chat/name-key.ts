import unhomoglyph from 'unhomoglyph';

// Unicode TR39 skeleton: NFD, each character replaced by its prototype from
// confusables.txt (the unhomoglyph package's table), NFD again.
const skeleton = (text: string) => unhomoglyph(text.normalize('NFD')).normalize('NFD');

/**
 * The key under which two names are "the same name": equal keys look alike.
 * NFKC (compatibility forms: fullwidth, ligatures), invisible characters
 * dropped, runs of spaces made one, then case folded and mapped to TR39
 * confusable skeletons (Cyrillic "а" is "a", "0" is "O", "m" is "rn"), twice so
 * a lookalike of an upper-case letter meets the lower-case one. Upper-case I
 * is confusable with l and the same letter as i, so i and l are one letter
 * here. The key is for comparing only, never shown.
 */
export function nameKey(name: string): string {
  let key = name
    .normalize('NFKC')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  for (let round = 0; round < 2; round++) key = skeleton(key.toLowerCase()).toLowerCase().replace(/[i\u0131]/g, 'l');
  return key;
}
