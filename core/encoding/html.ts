/**
 * HTML escaping for text placed in element content or a quoted attribute value: `& < > " '`
 * become numeric character references, which mean the same in every HTML context (no named
 * entity table needed). Runtime-neutral, shared by the gateway's pages and the emulated tenant.
 *
 * @example
 * escapeHtml('<b title="x">'); // '&#60;b title=&#34;x&#34;&#62;'
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
