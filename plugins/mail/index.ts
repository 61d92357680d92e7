/**
 * The mail plugin: Outlook mail through Microsoft Graph. See README.md for the tools and scopes.
 */
import { definePlugin } from '../../core/plugin';
import { getEmails } from './tools/get-emails';

export default definePlugin({
  name: 'mail',
  version: '0.1.0',
  description: 'Read Outlook mail: list folders\' messages.',
  requires: '^1.0.0',
  tools: [getEmails],
});
