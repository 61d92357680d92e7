import type { Contact } from '@microsoft/microsoft-graph-types';
import { defineTool, runWrite, ToolError } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { contactBody, mergeLists } from '../contact-body';
import { readContact } from '../contact-read';
import { contactDetail, DETAIL_FIELDS } from '../format';
import { contactFields, contactId, emailList, phones } from '../schemas';

const LIST_FIELDS = ['id', 'displayName', 'emailAddresses', 'businessPhones', 'homePhones', 'mobilePhone'];

export const updateContact = defineTool({
  name: 'updateContact',
  title: 'Update a contact',
  description:
    'Changes only the fields given (givenName, surname, company, jobTitle, department, emails, phones, addresses, birthday, notes); emails/phones replace lists, addEmails/removeEmails, addPhones/removePhones keep the rest.',
  input: v.strictObject({
    id: contactId,
    ...contactFields,
    addEmails: v.optional(emailList),
    removeEmails: v.optional(emailList),
    addPhones: v.optional(phones),
    removePhones: v.optional(v.array(v.pipe(v.string(), v.trim()))),
  }),
  scopes: ['Contacts.ReadWrite'],
  annotations: { destructiveHint: true },
  async run({ id, addEmails, removeEmails, addPhones, removePhones, ...fields }, ctx) {
    const body = contactBody(fields);
    const changes = { addEmails, removeEmails, addPhones, removePhones };
    const listOps = Object.values(changes).some((c) => c !== undefined);
    if (Object.keys(body).length === 0 && !listOps)
      throw new ToolError(
        'updateContact needs at least one field to change (e.g. jobTitle, addPhones). Nothing was changed.',
        'BAD_ARGUMENTS',
      );
    let etag: string | undefined;
    if (listOps) {
      // Graph replaces whole lists on PATCH: merge with the current ones, and send the PATCH only if
      // the contact has not changed in between (If-Match), so a concurrent edit is never lost.
      const current = (await readContact(ctx, id, LIST_FIELDS, 'Nothing was changed.')) as Contact & {
        '@odata.etag'?: string;
      };
      etag = current['@odata.etag'];
      Object.assign(body, mergeLists(current, body, changes));
    }
    let request = ctx.graph.api(`/me/contacts/${encodeURIComponent(id)}`);
    if (etag) request = request.header('If-Match', etag);
    const updated = (await runWrite(ctx, { action: 'updateContact', items: [id] }, () =>
      request.patch(body).catch((error: { statusCode?: number }) => {
        if (error.statusCode === 404)
          throw new ToolError(
            'No such contact in your contacts: it was deleted, or it belongs to someone else. Nothing was changed.',
            'NOT_FOUND',
          );
        if (error.statusCode === 412)
          throw new ToolError(
            'The contact changed while it was being updated. Nothing was changed; try again.',
            'CONFLICT',
          );
        throw error;
      }),
    )) as Contact;
    const changed = Object.keys(body).join(', ');
    return `Updated ${changed}.\n${contactDetail(pick(updated), ctx.handles, ctx.user.timeZone)}`;
  },
});

/** The fields the detail shows, from the PATCH answer (which is the whole contact). */
function pick(contact: Contact): Contact {
  return Object.fromEntries(
    Object.entries(contact).filter(([k]) => DETAIL_FIELDS.includes(k) || k === 'id'),
  ) as Contact;
}
