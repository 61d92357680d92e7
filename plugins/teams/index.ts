/**
 * The teams plugin: Microsoft Teams teams, channels and chats through Microsoft Graph. See README.md
 * for the tools and scopes.
 */
import { definePlugin } from 'm365-mcp-gateway/plugin';
import { createTeamsMeeting } from './tools/create-teams-meeting';
import { getChannelMessages } from './tools/get-channel-messages';
import { getChatMessages } from './tools/get-chat-messages';
import { listChats } from './tools/list-chats';
import { listTeams } from './tools/list-teams';
import { sendChatMessage } from './tools/send-chat-message';
import { sendTeamsMessage } from './tools/send-teams-message';

export default definePlugin({
  name: 'teams',
  version: '1.0.0',
  description: 'Microsoft Teams: teams, channels and chats; read and post messages; Teams meetings.',
  requires: '^1.0.0',
  tools: [
    listTeams,
    getChannelMessages,
    sendTeamsMessage,
    listChats,
    getChatMessages,
    sendChatMessage,
    createTeamsMeeting,
  ],
  budget: { tokens: 1200 },
});
