/**
 * What the meetings endpoints' refusals mean for the user, in words a model can act on: a meeting
 * the user did not organise (Graph serves meetings only to their organizer), a missing permission
 * (some need a tenant administrator's approval), and a tenant that turned transcript access off.
 */
import { ToolError } from 'm365-mcp-gateway/plugin';

interface GraphFailure {
  statusCode?: number;
  code?: string;
}

/** A permission an artifact needs, and whether a tenant administrator must approve it first. */
export interface ArtifactPermission {
  scope: string;
  what: string;
  adminConsent: boolean;
}

export const TRANSCRIPTS: ArtifactPermission = {
  scope: 'OnlineMeetingTranscript.Read.All',
  what: 'meeting transcripts',
  adminConsent: true,
};
export const RECORDINGS: ArtifactPermission = {
  scope: 'OnlineMeetingRecording.Read.All',
  what: 'meeting recordings',
  adminConsent: true,
};
export const ATTENDANCE: ArtifactPermission = {
  scope: 'OnlineMeetingArtifact.Read.All',
  what: 'attendance reports',
  adminConsent: false,
};

export const NOT_ORGANISER =
  'No meeting you organised has this id. Microsoft Graph serves online meetings, their transcripts, recordings and attendance only to the organizer; ask the organizer, or check the handle (getOnlineMeeting).';

/** The message for a 403 on an artifact: tenant policy, or the permission and who must approve it. */
export function accessDenied(error: GraphFailure, permission: ArtifactPermission): ToolError {
  if (error.code === 'GraphAccessToTranscriptsDisabled') {
    return new ToolError(
      'Your organisation has turned off access to meeting transcripts through Microsoft Graph (a tenant policy); no permission or new sign-in changes that. A Teams administrator must allow it; until then read the transcript in Teams.',
      'TRANSCRIPTS_DISABLED',
    );
  }
  const approve = permission.adminConsent
    ? `A tenant administrator must approve it for this app first (Microsoft Entra admin center → Enterprise applications → this app → Permissions → Grant admin consent); then authorize this app again asking for scope ${permission.scope}.`
    : `Authorize this app again asking for scope ${permission.scope}.`;
  return new ToolError(
    `Reading ${permission.what} needs the Microsoft Graph permission ${permission.scope}, which this sign-in does not have. ${approve}`,
    'INSUFFICIENT_SCOPE',
  );
}

/** Rethrows a Graph failure on a meeting (or its artifacts) as the model-actionable error. */
export function meetingFailure(error: unknown, permission?: ArtifactPermission): never {
  const failure = error as GraphFailure;
  if (failure?.statusCode === 404) throw new ToolError(NOT_ORGANISER, 'NOT_FOUND');
  if (failure?.statusCode === 400 && /meeting id/i.test((error as Error).message ?? '')) {
    throw new ToolError(
      'The meeting id is malformed. Pass the meeting handle or id exactly as a tool returned it, or its join URL.',
      'BAD_ID',
    );
  }
  if (failure?.statusCode === 403 && permission) throw accessDenied(failure, permission);
  throw error;
}
