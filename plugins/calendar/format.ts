import { fenceUntrusted, oneLine } from 'm365-mcp-gateway/plugin';

export interface ListedTask {
  handle: string;
  title: string;
  status: string;
  importance: string;
}

/**
 * A header with the list handle, then one line per task. Task titles may come from others (a flagged
 * email's subject, a shared list), so the lines are fenced, once for the whole list (a fence costs
 * ~15 tokens); the header with the list handle stays outside, where the model can rely on it.
 */
export function formatTasks(listHandle: string, tasks: readonly ListedTask[]): string {
  if (tasks.length === 0) return `List ${listHandle}: no tasks.`;
  const lines = tasks.map((task) => `${task.handle} | ${task.status} | ${task.importance} | ${oneLine(task.title)}`);
  return `List ${listHandle}: ${tasks.length} tasks (handle | status | importance | title)\n${fenceUntrusted(lines.join('\n'), 'to-do task titles')}`;
}
