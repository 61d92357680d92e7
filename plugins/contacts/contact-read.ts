/** Reading one contact for a tool, with a 404 worded for the model (unknown, deleted or someone else's). */
import type { Contact } from '@microsoft/microsoft-graph-types';
import { ToolError, type ToolContext } from 'm365-mcp-gateway/plugin';

export async function readContact(
  ctx: ToolContext,
  id: string,
  select: readonly string[],
  nothing: string,
): Promise<Contact> {
  try {
    return (await ctx.graph
      .api(`/me/contacts/${encodeURIComponent(id)}`)
      .select([...select])
      .get()) as Contact;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404)
      throw new ToolError(
        `No such contact in your contacts: it was deleted, or it belongs to someone else. Find it again with getContacts. ${nothing}`,
        'NOT_FOUND',
      );
    throw error;
  }
}

/** `Jordan Reyes <jordan@…>` for results that name a contact. */
export function contactName(contact: Contact): string {
  const address = contact.emailAddresses?.[0]?.address;
  const name = contact.displayName || contact.companyName || address || 'the contact';
  return address && name !== address ? `${name} <${address}>` : name;
}
