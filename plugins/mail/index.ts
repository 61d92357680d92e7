/**
 * The mail plugin: Outlook mail through Microsoft Graph. See README.md for the tools and scopes.
 */
import { definePlugin } from 'm365-mcp-gateway/plugin';
import { mailAttachment } from './attachment-resource';
import { createDraft } from './tools/create-draft';
import { getAttachment } from './tools/get-attachment';
import { getEmail } from './tools/get-email';
import { getEmails } from './tools/get-emails';
import { listMailFolders } from './tools/list-mail-folders';
import { manageEmails } from './tools/manage-emails';
import { replyToEmail } from './tools/reply-to-email';
import { searchEmails } from './tools/search-emails';
import { sendEmail } from './tools/send-email';

export default definePlugin({
  name: 'mail',
  version: '1.0.0',
  description: 'Outlook mail: read, search, send, reply, draft, organise, attachments.',
  requires: '^1.0.0',
  tools: [
    getEmails,
    getEmail,
    searchEmails,
    sendEmail,
    replyToEmail,
    createDraft,
    manageEmails,
    listMailFolders,
    getAttachment,
  ],
  resources: [mailAttachment],
  budget: { tokens: 1500 },
});
