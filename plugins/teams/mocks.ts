/**
 * Microsoft Teams endpoints of Graph over the emulated tenant's Teams area (MSW handlers): teams,
 * channels, channel posts and replies, chats and chat messages, and Teams meetings as calendar
 * events, served the way Graph serves them.
 */
import type { RequestHandler } from 'msw';
import type { GraphMockEnv } from 'm365-mcp-gateway/testing';
import { channelMocks } from './mocks-channels';
import { chatMocks } from './mocks-chats';
import { meetingMocks } from './mocks-meetings';

export default function mocks(env: GraphMockEnv): RequestHandler[] {
  return [...channelMocks(env), ...chatMocks(env), ...meetingMocks(env)];
}
