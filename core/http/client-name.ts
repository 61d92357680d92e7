/**
 * How an app's self-chosen name is shown (consent page, connected-apps page). The name is
 * whatever the app registered, so it may try to pass for another app:
 * - control and format characters (bidi overrides and isolates, LRM/RLM, ALM, zero-width
 *   characters, line separators) are removed: they can reverse the name or the page's own
 *   sentence around it, or hide text;
 * - the rest is shown inside `<bdi>`, so a right-to-left name cannot reorder what follows it;
 * - a name that mixes alphabets (Latin with Cyrillic or Greek look-alikes, …) carries a visible
 *   warning. Mixes that are ordinary writing (Latin with Han, Kana, Hangul or Bopomofo) are not
 *   flagged — the "highly restrictive" profile of Unicode TS #39 §5.2.
 * Long names are cut at `MAX_SHOWN_NAME_CHARS` (a metadata document may still hold longer ones).
 */
import { escapeHtml } from './html';

/** Registration refuses longer names; documents fetched by URL are cut to this for display. */
export const MAX_SHOWN_NAME_CHARS = 200;

export const MIXED_SCRIPT_WARNING = 'This name mixes alphabets — it may imitate another app.';

// Cc, Cf, line and paragraph separators, lone surrogates.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Cherokee',
  'Coptic',
  'Hebrew',
  'Arabic',
  'Devanagari',
  'Thai',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Bopomofo',
] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((script) => ({ script, pattern: new RegExp(`\\p{Script=${script}}`, 'u') }));
/** Script sets that are ordinary writing (UTS #39 highly restrictive). */
const ORDINARY_MIXES = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

export interface ShownName {
  /** The name as plain text: invisible characters removed, spaces collapsed, length bounded. */
  text: string;
  /** True when its letters come from alphabets that are not normally written together. */
  mixedScripts: boolean;
}

/**
 * @example
 * showName('Cl\u0430ude\u202E') // { text: 'Clаude', mixedScripts: true } (Cyrillic а)
 */
export function showName(raw: string, fallback = 'An unnamed app'): ShownName {
  const cleaned = raw.replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
  const chars = [...cleaned];
  const text = chars.length > MAX_SHOWN_NAME_CHARS ? `${chars.slice(0, MAX_SHOWN_NAME_CHARS).join('')}…` : cleaned;
  return text ? { text, mixedScripts: mixesScripts(text) } : { text: fallback, mixedScripts: false };
}

/**
 * The name as HTML: escaped and isolated in `<bdi>`; the page wraps it as it needs. Its warning
 * (if any) is separate, for the page to place near the name.
 *
 * @example
 * `<h1>Allow <em>${nameHtml(shown)}</em>?</h1>${mixedScriptWarningHtml(shown)}`
 */
export function nameHtml(shown: ShownName): string {
  return `<bdi>${escapeHtml(shown.text)}</bdi>`;
}

/** A visible warning box for a mixed-script name, or nothing. */
export function mixedScriptWarningHtml(shown: ShownName): string {
  return shown.mixedScripts
    ? `<div class="box warn" role="alert"><strong>${escapeHtml(MIXED_SCRIPT_WARNING)}</strong> Check that <bdi>${escapeHtml(shown.text)}</bdi> is really the app you mean.</div>`
    : '';
}

function mixesScripts(text: string): boolean {
  const found = new Set<string>();
  for (const char of text) {
    // Letters shared by several scripts (e.g. the Kana length mark) say nothing about mixing.
    if (!/\p{L}/u.test(char) || /[\p{Script=Common}\p{Script=Inherited}]/u.test(char)) continue;
    const match = SCRIPT_PATTERNS.find(({ pattern }) => pattern.test(char));
    found.add(match?.script ?? 'Other');
  }
  if (found.size <= 1) return false;
  if (found.has('Other')) return true;
  return !ORDINARY_MIXES.some((allowed) => [...found].every((script) => allowed.includes(script)));
}
