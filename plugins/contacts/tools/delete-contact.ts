import { defineTool, fenceUntrusted, runWrite } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { contactName, readContact } from '../contact-read';
import { contactId } from '../schemas';

export const deleteContact = defineTool({
  name: 'deleteContact',
  title: 'Delete a contact',
  description: 'Deletes one contact and says whom it deleted.',
  input: v.strictObject({ id: contactId }),
  scopes: ['Contacts.ReadWrite'],
  annotations: { destructiveHint: true, idempotentHint: true },
  async run({ id }, ctx) {
    // Read first: the result names whom it deleted, and an id that is not the user's is refused before any write.
    const contact = await readContact(
      ctx,
      id,
      ['id', 'displayName', 'companyName', 'emailAddresses'],
      'Nothing was deleted.',
    );
    await runWrite(ctx, { action: 'deleteContact', items: [id] }, () =>
      ctx.graph.api(`/me/contacts/${encodeURIComponent(id)}`).delete(),
    );
    return `Deleted contact ${ctx.handles.show('contact', id)}:\n${fenceUntrusted(contactName(contact), 'contact name')}`;
  },
});
