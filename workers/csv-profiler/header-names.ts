/**
 * Column names from header cells, trimmed and made unique so results can be
 * keyed by name: an empty name becomes `column_<n>` (its 1-based position),
 * and a repeat of an earlier name becomes `<name>_2`, `<name>_3`, … skipping
 * any name the header already uses. The first occurrence keeps its name.
 *
 * @example
 * uniqueNames(['id', '', 'id', 'id_2']); // ['id', 'column_2', 'id_3', 'id_2']
 */
export function uniqueNames(cells: readonly string[]): string[] {
  const trimmed = cells.map((cell) => cell.trim());
  const reserved = new Set(trimmed);
  const assigned = new Set<string>();
  return trimmed.map((name, i) => {
    let unique = name;
    if (name === '' || assigned.has(name)) {
      const base = name === '' ? `column_${i + 1}` : name;
      unique = base;
      for (let n = 2; reserved.has(unique) || assigned.has(unique); n++) unique = `${base}_${n}`;
    }
    assigned.add(unique);
    return unique;
  });
}
