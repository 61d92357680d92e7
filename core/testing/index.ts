/**
 * The test kit's emulated Microsoft 365 tenant (docs/architecture.md §8): a seeded, stateful Contoso tenant,
 * an identity-platform mock and Graph mocks as MSW handlers. Runtime-neutral: usable in workerd
 * and Node; the HTTP server lives in `core/testing/node`.
 */
export { createEmulator, createStats } from './emulator';
export type {
  AuthenticateOptions,
  DemoUser,
  Emulator,
  EmulatorOptions,
  EmulatorStats,
  GraphMockEnv,
  GraphRequestRecord,
  JournalEntry,
  PluginMock,
  RequestLike,
} from './types';
export { FakeTenant, type FakeTenantOptions, type SendMailOptions } from './tenant/fake-tenant';
export { defineTenantArea, type TenantArea, type TenantAreaDefinition } from './tenant/areas';
export type { Directory } from './tenant/directory/directory';
export type { MailArea } from './tenant/mail/mail-area';
export type { NewAttachment, NewMessage, StoredFolder, StoredMessage } from './tenant/mail/mailbox';
export { Mailbox, WELL_KNOWN_FOLDERS, graphDate } from './tenant/mail/mailbox';
export { ContactsArea, type MeetingsOf } from './tenant/contacts/contacts-area';
export {
  AddressBook,
  CONTACT_LIMITS,
  CONTACT_PROPERTIES,
  type ContactInput,
  type StoredContact,
  type StoredContactFolder,
} from './tenant/contacts/address-book';
export { VERIFIED_DOMAINS, isVerifiedAddress, type DirectoryUser } from './tenant/contacts/colleagues';
export type { RankedPerson } from './tenant/contacts/people';
export {
  DEMO_MAIL_DOMAIN,
  DEMO_TENANT_DOMAIN,
  DEMO_TENANT_ID,
  DEMO_TENANT_NAME,
  DEMO_USERS,
  PERSONAL_ACCOUNT_TENANT_ID,
  PERSONAL_DEMO_USER,
} from './tenant/directory/users';
export { SEED_ANCHOR } from './tenant/mail/seed-mail';
export {
  CalendarArea,
  CalendarRefusal,
  type AttendeeResponse,
  type BusyInterval,
  type CreateOptions as CreateEventOptions,
  type RespondOptions,
  type StoredCalendar,
  type UpdateOptions as UpdateEventOptions,
} from './tenant/calendar/calendar-area';
export type { EventInstance, LocalTime, OccurrenceOverride, StoredEvent } from './tenant/calendar/stored-event';
export { occurrenceId, parseOccurrenceId } from './tenant/calendar/stored-event';
export {
  toGraphEvent,
  type GraphEvent,
  type SerializeOptions as GraphEventOptions,
} from './tenant/calendar/serialize-event';
export { seedWeekStart } from './tenant/calendar/seed-calendar';
export { TeamsArea } from './tenant/teams/teams-area';
export type { StoredChannel, StoredChannelMessage, StoredChat, StoredTeam } from './tenant/teams/teams-types';
export {
  MeetingsArea,
  type MeetingUserIdentity,
  type NewOnlineMeeting,
  type StoredAttendanceRecord,
  type StoredAttendanceReport,
  type StoredOnlineMeeting,
  type StoredParticipant,
  type StoredRecording,
  type StoredTranscript,
} from './tenant/meetings/meetings-area';
export { htmlToText, bodyPreviewOf, escapeHtml } from './tenant/html-text';
export { areaItemId, conversationIdFor, isWellFormedExchangeId, seededGuid, textToBase64 } from './tenant/ids';
export { graphError, graphJson } from './graph/responses';
export { createDraft, createResponseDraft, respond, sendDraft, type ReplyMode } from './tenant/mail/outbox';
export { createPkcePair } from './identity/pkce';
export { decodeJwtPayload } from './identity/id-token';
export { DEFAULT_CONSENTED_SCOPES } from './identity/scopes';
export { signIn, type SignInOptions, type SignInResult } from './identity/sign-in';
export {
  failRefreshes,
  holdRefreshes,
  MICROSOFT_REFRESH_ERRORS,
  type HeldRefreshes,
  type MicrosoftRefreshError,
} from './identity/token-faults';
export type { EntityOptions, ODataHelpers, ListOptions } from './graph/collection';
export type { FaultPicker, GraphFault, PickedRequest } from './graph/faults';
export { ODataError, type ODataQuery, type FilterClause, type OrderBy } from './graph/odata';
export { parseKql, type KqlTerm } from './graph/kql';
export {
  createTestRegistry,
  createToolTestContext,
  createToolTestSession,
  handleStoreFor,
  type LoggedLine,
  type ToolTestSession,
  type ToolTestSessionOptions,
} from './tool-test-context';
