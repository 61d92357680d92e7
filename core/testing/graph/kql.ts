/** A small KQL reader for `$search` on Outlook items: words, "phrases" and `property:value` terms (all ANDed). */

export interface KqlTerm {
  /** Lower-cased property name (`from`, `subject`, `to`, `body`, `hasattachments`…), or undefined for free text. */
  field?: string;
  value: string;
}

export function parseKql(query: string): KqlTerm[] {
  const terms: KqlTerm[] = [];
  const re = /(?:(\w+):)?(?:"([^"]*)"|(\S+))/g;
  for (const m of query.matchAll(re)) {
    const value = (m[2] ?? m[3] ?? '').trim();
    if (!value || (!m[1] && /^(AND)$/.test(value))) continue;
    terms.push({ ...(m[1] ? { field: m[1].toLowerCase() } : {}), value });
  }
  return terms;
}
