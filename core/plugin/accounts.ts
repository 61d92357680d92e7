/**
 * Which Microsoft accounts a tool serves. Microsoft offers some Graph features (Teams, online
 * meetings, transcripts, findMeetingTimes) to work or school accounts only; a tool declaring
 * `accounts: 'work'` is hidden from, and refused to, a user signed in with a personal Microsoft
 * account (whose tenant id is Microsoft's fixed consumer tenant).
 */
import type { Tool, ToolUser } from './types';

/** The tenant id every personal Microsoft account (outlook.com, hotmail.com…) signs in with. */
export const PERSONAL_ACCOUNT_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** `work`: a work or school (Entra ID) account; `personal`: a personal Microsoft account. */
export type AccountKind = 'work' | 'personal';

/**
 * @example
 * accountKindOf(ctx.user); // 'personal' for an outlook.com user
 */
export function accountKindOf(user: Pick<ToolUser, 'tenantId'>): AccountKind {
  return user.tenantId.toLowerCase() === PERSONAL_ACCOUNT_TENANT_ID ? 'personal' : 'work';
}

/**
 * Whether `tool` is offered to a user with this kind of account.
 *
 * @example
 * servesAccount(listChats, 'personal'); // false when listChats declares accounts: 'work'
 */
export function servesAccount(tool: Pick<Tool, 'accounts'>, kind: AccountKind): boolean {
  return kind === 'work' || tool.accounts !== 'work';
}

/** What the model reads when it calls a tool its user's account cannot use. */
export function workAccountOnlyMessage(tool: string): string {
  return (
    `${tool} works only with a work or school Microsoft 365 account (Microsoft offers it to those accounts only); ` +
    'you are signed in with a personal Microsoft account. Sign in with a work or school account to use it.'
  );
}
