/**
 * The contacts plugin: Outlook contacts and the people around the user, through Microsoft Graph.
 * See README.md for the tools and scopes.
 */
import { definePlugin } from 'm365-mcp-gateway/plugin';
import { createContact } from './tools/create-contact';
import { deleteContact } from './tools/delete-contact';
import { findPeople } from './tools/find-people';
import { getContact } from './tools/get-contact';
import { getContacts } from './tools/get-contacts';
import { updateContact } from './tools/update-contact';

export default definePlugin({
  name: 'contacts',
  version: '1.0.0',
  description: 'Outlook contacts (list, search, read, create, update, delete) and people lookup.',
  requires: '^1.0.0',
  tools: [getContacts, getContact, createContact, updateContact, deleteContact, findPeople],
  budget: { tokens: 900 },
});
