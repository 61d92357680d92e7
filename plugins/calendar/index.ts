/**
 * The calendar plugin: Outlook calendar through Microsoft Graph, in the mailbox's time zone. See
 * README.md for the tools and scopes.
 */
import { definePlugin } from 'm365-mcp-gateway/plugin';
import { cancelCalendarEvent } from './tools/cancel-calendar-event';
import { createCalendarEvent } from './tools/create-calendar-event';
import { findMeetingTimes } from './tools/find-meeting-times';
import { getCalendarEvent } from './tools/get-calendar-event';
import { getCalendarEvents } from './tools/get-calendar-events';
import { getSchedule } from './tools/get-schedule';
import { respondToEvent } from './tools/respond-to-event';
import { updateCalendarEvent } from './tools/update-calendar-event';

export default definePlugin({
  name: 'calendar',
  version: '1.0.0',
  description: 'Outlook calendar: events, meetings, invitations, free/busy, in your time zone.',
  requires: '^1.0.0',
  tools: [
    getCalendarEvents,
    getCalendarEvent,
    createCalendarEvent,
    updateCalendarEvent,
    cancelCalendarEvent,
    respondToEvent,
    findMeetingTimes,
    getSchedule,
  ],
  budget: { tokens: 1400 },
});
