/**
 * The per-client scope rule itself, free of any transport: which permissions a call needs that a
 * grant lacks, and what the model is told. Used by the HTTP step-up (scope-check.ts) and by every
 * MCP server's tool-call and resource-read path (core/mcp/mcp-server.ts, mcp-resources.ts).
 */

/** The scopes of `needed` that `granted` lacks, sorted. */
export function scopesLacking(needed: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted);
  return [...new Set(needed.filter((scope) => !have.has(scope)))].sort();
}

/**
 * What the model is told when its client's grant lacks permissions: which ones, and how to get them.
 *
 * @example
 * insufficientScopeMessage(['Mail.Send'], 'This tool');
 */
export function insufficientScopeMessage(missing: readonly string[], what: string): string {
  const plural = missing.length !== 1;
  return (
    `${what} needs the Microsoft Graph permission${plural ? 's' : ''} ${missing.join(', ')}, which this app was not granted. ` +
    `Authorize this app again asking for ${plural ? 'them' : 'it'} (scope ${missing.join(' ')}), then retry.`
  );
}
