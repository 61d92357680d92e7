import { defineTool } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { readContact } from '../contact-read';
import { contactDetail, DETAIL_FIELDS } from '../format';
import { contactId } from '../schemas';

export const getContact = defineTool({
  name: 'getContact',
  title: 'Read a contact',
  description: 'One contact in full: emails, phones, addresses, birthday, notes.',
  input: v.strictObject({ id: contactId }),
  scopes: ['Contacts.Read'],
  annotations: { readOnlyHint: true },
  async run({ id }, ctx) {
    const contact = await readContact(ctx, id, DETAIL_FIELDS, '');
    return contactDetail(contact, ctx.handles, ctx.user.timeZone);
  },
});
