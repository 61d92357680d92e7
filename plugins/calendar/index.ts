/**
 * The calendar plugin: Microsoft To Do tasks through Microsoft Graph. See README.md for the tools and scopes.
 */
import { definePlugin } from 'm365-mcp-gateway/plugin';
import { listCalendarTasks } from './tools/list-tasks';

export default definePlugin({
  name: 'calendar',
  version: '0.1.0',
  description: 'Microsoft To Do: lists the tasks of a to-do list.',
  requires: '^1.0.0',
  tools: [listCalendarTasks],
  // What its tools/list entries may cost, in o200k tokens; the build fails the plugin over it.
  budget: { tokens: 400 },
});
