/**
 * The emulated Contoso tenant, composed of areas: `directory` (tenant identity, users), `mail`
 * (mailboxes), `calendar` (calendars and meetings), `contacts` (address books, people rankings) and
 * `teams` (teams, channels, chats), plus any area a plugin's mocks add (`defineTenantArea`). Plugin
 * mocks read and change it; `reset()` restores every area's deterministic seed.
 */
import type { Message } from '@microsoft/microsoft-graph-types';
import type { DemoUser } from '../types';
import { AreaStates, type TenantArea } from './areas';
import { CalendarArea } from './calendar/calendar-area';
import { ContactsArea } from './contacts/contacts-area';
import { Directory } from './directory/directory';
import { MailArea, type SendMailOptions } from './mail/mail-area';
import type { Mailbox, NewAttachment, NewMessage, StoredFolder, StoredMessage } from './mail/mailbox';
import { TeamsArea } from './teams/teams-area';
import { MeetingsArea } from './meetings/meetings-area';

export type { SendMailOptions } from './mail/mail-area';

export interface FakeTenantOptions {
  /** Areas the tenant does not model itself, seeded after the built-in ones, in this order. */
  areas?: readonly TenantArea<unknown>[];
  /** Also the personal Microsoft account `PERSONAL_DEMO_USER` (signs in under `common` or `consumers`). */
  personalAccount?: boolean;
  /** More members of the tenant, after the demo users (e.g. a load test's fifth user); see `EmulatorOptions`. */
  extraUsers?: readonly DemoUser[];
}

export class FakeTenant {
  readonly directory: Directory;
  readonly mail: MailArea;
  /** Every user's calendar; meetings reach attendees' calendars and inboxes (see CalendarArea). */
  readonly calendar: CalendarArea;
  readonly contacts: ContactsArea;
  readonly teams: TeamsArea;
  /** Teams online meetings and what is kept of them (transcripts, attendance, recordings). */
  readonly meetings: MeetingsArea;
  readonly id: string;
  readonly displayName: string;
  readonly defaultDomain: string;
  readonly users: readonly DemoUser[];
  private readonly added: AreaStates;

  constructor(options: FakeTenantOptions = {}) {
    this.directory = new Directory({
      personalAccount: options.personalAccount === true,
      ...(options.extraUsers ? { extraUsers: options.extraUsers } : {}),
    });
    ({
      id: this.id,
      displayName: this.displayName,
      defaultDomain: this.defaultDomain,
      users: this.users,
    } = this.directory);
    this.mail = new MailArea(this.directory);
    this.calendar = new CalendarArea(this.directory, this.mail);
    // People rankings count meetings too: everyone on a user's (not cancelled) meetings.
    this.contacts = new ContactsArea(this.directory, this.mail, (userId) =>
      this.calendar
        .events(userId)
        .filter((e) => !e.isCancelled)
        .map((e) => [e.organizer, ...e.attendees.map((a) => a.emailAddress ?? {})]),
    );
    this.teams = new TeamsArea(this.directory);
    this.meetings = new MeetingsArea(this.directory, this.calendar);
    this.added = new AreaStates(options.areas ?? []);
    this.added.reset(this);
  }

  /** Restore the seeded state of every area: the same folders, messages, items and ids as a fresh tenant. */
  reset(): void {
    this.mail.reset();
    this.calendar.reset();
    this.contacts.reset();
    this.teams.reset();
    this.meetings.reset();
    this.added.reset(this);
  }

  /**
   * The live state of an added area (throws when the area is not registered with this tenant).
   *
   * @example
   * const tasks = tenant.area(todoArea).get(user.id);
   */
  area<S>(area: TenantArea<S>): S {
    return this.added.get(area);
  }

  /** Names of the added areas, in seeding order. */
  areaNames(): string[] {
    return this.added.names();
  }

  /** By object id, UPN or mail address (case-insensitive). */
  findUser(idOrLogin: string): DemoUser | undefined {
    return this.directory.findUser(idOrLogin);
  }

  mailbox(userId: string): Mailbox {
    return this.mail.mailbox(userId);
  }

  resolveFolder(userId: string, idOrWellKnownName: string): StoredFolder | undefined {
    return this.mail.resolveFolder(userId, idOrWellKnownName);
  }

  /** A user's messages, optionally one folder's; live objects, do not mutate (use the methods). */
  messages(userId: string, folderId?: string): readonly StoredMessage[] {
    return this.mail.messages(userId, folderId);
  }

  getMessage(userId: string, messageId: string): StoredMessage | undefined {
    return this.mail.getMessage(userId, messageId);
  }

  /** Every message in every mailbox (tests check seed invariants with it). */
  allMessages(): Array<{ user: DemoUser; message: StoredMessage }> {
    return this.mail.allMessages();
  }

  addMessage(
    userId: string,
    folderIdOrName: string,
    message: NewMessage,
    attachments?: readonly NewAttachment[],
  ): StoredMessage {
    return this.mail.addMessage(userId, folderIdOrName, message, attachments);
  }

  addFolder(userId: string, parentIdOrName: string, displayName: string): StoredFolder {
    return this.mail.addFolder(userId, parentIdOrName, displayName);
  }

  /** Returns the moved message (with its new id), or undefined when either id is unknown. */
  moveMessage(userId: string, messageId: string, destIdOrName: string): StoredMessage | undefined {
    return this.mail.moveMessage(userId, messageId, destIdOrName);
  }

  updateMessage(userId: string, messageId: string, patch: Parameters<Mailbox['update']>[1]): StoredMessage | undefined {
    return this.mail.updateMessage(userId, messageId, patch);
  }

  deleteMessage(userId: string, messageId: string): boolean {
    return this.mail.deleteMessage(userId, messageId);
  }

  /**
   * Send as `userId`: a copy in the sender's Sent Items (unless saveToSentItems is false) and an
   * unread copy in the Inbox of every recipient who is a demo user. Returns the sent copy, if saved.
   */
  sendMail(userId: string, message: Message, options: SendMailOptions = {}): StoredMessage | undefined {
    return this.mail.sendMail(userId, message, options);
  }
}
