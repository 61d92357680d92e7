/**
 * Turns valibot issues into one sentence a model can fix its call from: every failing field by
 * path, the rule in words, and what was received. Models retry well from
 * `"count" must be ≤ 50 (received 80)`; they do not from a stack of valibot internals.
 */
import type * as v from 'valibot';

type Issue = v.BaseIssue<unknown>;

/**
 * The whole message for a failed argument parse.
 *
 * @example
 * argumentsMessage('getEmails', issues, ['count', 'folder']);
 * // 'Invalid arguments for getEmails: "count" must be ≤ 50 (received 80); "folder" must be a string (received number).'
 */
export function argumentsMessage(tool: string, issues: readonly Issue[], allowedKeys: readonly string[]): string {
  const parts = [...new Set(issues.map((issue) => capped(describeIssue(issue, allowedKeys))))];
  // A list of 5,000 bad addresses is one mistake repeated: the first few say what to fix.
  const shown = parts.slice(0, MAX_PROBLEMS);
  if (parts.length > MAX_PROBLEMS) shown.push(`and ${parts.length - MAX_PROBLEMS} more problems`);
  return `Invalid arguments for ${tool}: ${shown.join('; ')}.`;
}

/** Problems named in one refusal; the rest are counted. */
const MAX_PROBLEMS = 6;
/** A problem's sentence, which may quote what was sent (an author's message can quote all of it). */
const MAX_PROBLEM_CHARS = 240;

function capped(problem: string): string {
  if (problem.length <= MAX_PROBLEM_CHARS) return problem;
  // Never end on half a surrogate pair.
  const cut = /[\ud800-\udbff]$/.test(problem.slice(0, MAX_PROBLEM_CHARS)) ? MAX_PROBLEM_CHARS - 1 : MAX_PROBLEM_CHARS;
  return `${problem.slice(0, cut)}…`;
}

/** `a.b[0].c` from a valibot issue path. */
export function issuePath(issue: Issue): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path === '' ? String(key) : `.${String(key)}`;
  }
  return path;
}

/** A short, safe rendering of a received value: its type for mismatches, else a capped literal. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeof value;
}

/** The type name of a value, as a model would say it. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const OBJECT_TYPES = new Set(['object', 'strict_object', 'loose_object', 'object_with_rest']);

const ARTICLE_TYPES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  strict_object: 'an object',
  loose_object: 'an object',
  array: 'an array',
  date: 'a date',
  bigint: 'an integer',
};

function describeIssue(issue: Issue, allowedKeys: readonly string[]): string {
  const path = issuePath(issue);
  const field = path === '' ? 'arguments' : `"${path}"`;
  const value = issue.input;

  // Object key issues: valibot reports unknown keys with `expected: 'never'`, missing ones by key.
  if (issue.kind === 'schema' && OBJECT_TYPES.has(issue.type) && path !== '') {
    if (issue.expected === 'never') {
      const top = (issue.path?.length ?? 0) === 1 && allowedKeys.length > 0;
      return `unknown argument ${field}${top ? ` (allowed: ${allowedKeys.join(', ')})` : ''}`;
    }
    if (issue.received === 'undefined') return `${field} is required`;
  }
  if (value === undefined && issue.kind === 'schema') return `${field} is required`;

  const rule = ruleInWords(issue);
  // For a type mismatch the type is what the model got wrong; otherwise show the value itself.
  const received = issue.kind === 'schema' && issue.type in ARTICLE_TYPES ? typeName(value) : describeValue(value);
  // An author's sentence ("Subject cannot be empty") reads better after a colon.
  return `${field}${/^[A-Z]/.test(rule) ? ':' : ''} ${rule} (received ${received})`;
}

function ruleInWords(issue: Issue): string {
  // An author's own message (v.check(fn, 'must be in the future')) beats our generic wording;
  // valibot's defaults all start with "Invalid".
  if (!issue.message.startsWith('Invalid ')) return issue.message;
  const requirement = (issue as { requirement?: unknown }).requirement;
  const unit = typeof issue.input === 'string' ? 'characters' : 'items';
  switch (issue.type) {
    case 'min_value':
      return `must be ≥ ${String(requirement)}`;
    case 'max_value':
      return `must be ≤ ${String(requirement)}`;
    case 'gt_value':
      return `must be > ${String(requirement)}`;
    case 'lt_value':
      return `must be < ${String(requirement)}`;
    case 'min_length':
      return `must have at least ${String(requirement)} ${unit}`;
    case 'max_length':
      return `must have at most ${String(requirement)} ${unit}`;
    case 'length':
      return `must have exactly ${String(requirement)} ${unit}`;
    case 'non_empty':
      return 'must not be empty';
    case 'integer':
      return 'must be an integer';
    case 'email':
      return 'must be an email address';
    case 'url':
      return 'must be a URL';
    case 'regex':
      return `must match ${String(requirement)}`;
    case 'iso_date':
      return 'must be a date like 2026-11-27';
    case 'iso_date_time':
      return 'must be a date-time like 2026-11-27T09:00';
    case 'iso_timestamp':
      return 'must be an ISO timestamp like 2026-11-27T09:00:00Z';
    case 'picklist':
    case 'enum':
      return `must be one of ${(issue.expected ?? '').replace(/^\((.*)\)$/, '$1')}`;
    case 'literal':
    case 'union':
    case 'variant':
      return `must be ${issue.expected ?? 'one of the allowed values'}`;
    default:
      if (issue.kind === 'schema') return `must be ${ARTICLE_TYPES[issue.type] ?? issue.expected ?? issue.type}`;
      return `must satisfy ${issue.type.replaceAll('_', ' ')}${issue.expected ? ` ${issue.expected}` : ''}`;
  }
}
