import type { Contact } from '@microsoft/microsoft-graph-types';
import { defineTool, fenceUntrusted, runWrite, ToolError } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { contactBody } from '../contact-body';
import { contactName } from '../contact-read';
import { folderNotFound, resolveContactFolder } from '../folders';
import { contactFields, folderRef } from '../schemas';

export const createContact = defineTool({
  name: 'createContact',
  title: 'Create a contact',
  description:
    'New Outlook contact: givenName, surname, company, jobTitle, department, emails (≤3), phones ["mobile: +1 206 555 0143"] (business/mobile/home), addresses ["home: street, city, state zip, country"], birthday YYYY-MM-DD, notes, folder name.',
  input: v.strictObject({ ...contactFields, folder: v.optional(folderRef) }),
  scopes: ['Contacts.ReadWrite'],
  annotations: { destructiveHint: false },
  async run({ folder: folderArg, ...fields }, ctx) {
    const body = contactBody(fields);
    if (!body.givenName && !body.surname && !body.companyName && !body.emailAddresses?.length)
      throw new ToolError('createContact needs a name, a company or an email. Nothing was created.', 'BAD_ARGUMENTS');
    const folder = await resolveContactFolder(ctx.graph, folderArg);
    // One POST, never repeated: a lost answer is reported as may-have-happened by the gateway.
    const created = (await runWrite(ctx, { action: 'createContact', items: [] }, () =>
      ctx.graph.api(folder.path).post(body).catch(folderNotFound),
    )) as Contact;
    const where = folder.label === 'Contacts' ? '' : ` in ${folder.label}`;
    return `Created contact ${ctx.handles.show('contact', created.id ?? '')}${where}:\n${fenceUntrusted(contactName(created), 'contact name')}`;
  },
});
