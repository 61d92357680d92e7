/**
 * The user's time zone, read once at sign-in from their mailbox settings, so tools can show dates
 * as the person sees them in Outlook. Outlook stores Windows zone names ("Pacific Standard
 * Time"); tools need IANA names ("America/Los_Angeles"). Best effort: without it, tools show UTC.
 */
import { findIana } from 'windows-iana';
import type { GatewayConfig } from '../config/config';

/** The gateway's own Graph permission for this (least privilege: read-only mailbox settings). */
export const TIME_ZONE_SCOPE = 'MailboxSettings.Read';

export async function mailboxTimeZone(config: GatewayConfig, accessToken: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${config.graphBaseUrl}/me/mailboxSettings/timeZone`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { value?: unknown };
    return toIanaTimeZone(body.value);
  } catch {
    return undefined;
  }
}

/** An IANA zone for a Windows or IANA zone name, or undefined when it is neither. */
export function toIanaTimeZone(zone: unknown): string | undefined {
  if (typeof zone !== 'string' || zone.trim() === '') return undefined;
  if (isIanaZone(zone)) return zone;
  return findIana(zone).find(isIanaZone);
}

function isIanaZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
