/**
 * The meetings plugin: Teams online meetings and what Microsoft keeps of them (transcripts,
 * attendance, recordings) through Microsoft Graph. See README.md for the tools and scopes.
 */
import { definePlugin } from 'm365-mcp-gateway/plugin';
import { meetingRecording } from './recording-resource';
import { createOnlineMeeting } from './tools/create-online-meeting';
import { getMeetingAttendance } from './tools/get-meeting-attendance';
import { getMeetingTranscript } from './tools/get-meeting-transcript';
import { getOnlineMeeting } from './tools/get-online-meeting';
import { listMeetingRecordings } from './tools/list-meeting-recordings';

export default definePlugin({
  name: 'meetings',
  version: '1.0.0',
  description: 'Teams online meetings: create, look up by join URL, transcripts, attendance, recordings.',
  requires: '^1.0.0',
  tools: [createOnlineMeeting, getOnlineMeeting, getMeetingTranscript, getMeetingAttendance, listMeetingRecordings],
  resources: [meetingRecording],
  // What its tools/list entries may cost, in o200k tokens; the build fails the plugin over it.
  budget: { tokens: 800 },
});
