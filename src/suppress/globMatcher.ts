/**
 * A compiled `*` glob, matched case-insensitively in time linear in the text's length.
 *
 * Why not a regular expression: `a*a*a*…b` compiled to `^a.*a.*a.*…b$` backtracks, so a dozen `*`
 * against a 60-character resource id takes seconds (issue #13). Here the pattern is split at `*`
 * once; the first piece must be a prefix, the last a suffix, and the pieces between are found
 * left to right, each at its leftmost place after the previous one. Taking the leftmost place is
 * always safe for `*`-only globs (it leaves the most text for the pieces after it), so there is no
 * backtracking: each piece is searched once.
 */
export interface GlobMatcher {
  readonly pattern: string;
  /** True when the whole `text` matches the pattern, ignoring case. */
  matches(text: string): boolean;
  /** The literal text before the first `*` (lower case); '' when the pattern starts with `*`. */
  readonly prefix: string;
  /** True when the pattern has no `*`: it matches one text exactly (ignoring case). */
  readonly exact: boolean;
}

/** Compiles a pattern where `*` matches any run of characters (including none). */
export function compileGlob(pattern: string): GlobMatcher {
  const pieces = pattern.toLowerCase().split('*');
  const first = pieces[0] ?? '';
  if (pieces.length === 1) {
    return { pattern, prefix: first, exact: true, matches: (text) => text.toLowerCase() === first };
  }
  const last = pieces[pieces.length - 1] ?? '';
  const middle = pieces.slice(1, -1).filter((p) => p.length > 0);
  const minLength = first.length + last.length + middle.reduce((n, p) => n + p.length, 0);
  return {
    pattern,
    prefix: first,
    exact: false,
    matches(text) {
      if (text.length < minLength) return false;
      const t = text.toLowerCase();
      if (!t.startsWith(first) || !t.endsWith(last)) return false;
      let at = first.length;
      const end = t.length - last.length;
      for (const piece of middle) {
        const found = t.indexOf(piece, at);
        if (found < 0 || found + piece.length > end) return false;
        at = found + piece.length;
      }
      return true;
    },
  };
}
