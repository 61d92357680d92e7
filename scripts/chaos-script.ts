/**
 * The scripted workload of the chaos run (scripts/chaos-workload.ts): per user and round, the
 * writes of all five plugins, each tagged with a unique marker, between reads. The items a write
 * acts on (a message to reply to, an invitation to answer, a contact to update) are taken from the
 * seeded tenant before the run, so one failed call never derails the ones after it.
 */
import type { Emulator, JournalEntry } from '../core/testing';

/** One tool call of the workload. */
export interface ChaosStep {
  user: string;
  tool: string;
  args: Record<string, unknown>;
  /**
   * For a write: how many times the emulated Graph carried out each of its items, from its
   * journal (one item for most writes). Most writes are found by their marker in the body they
   * sent; a move or a delete (whose body names no marker) by the item it acted on.
   */
  applied?: (journal: readonly JournalEntry[]) => number[];
  /** For a write of several messages (manageEmails): their ids, in order, for its per-item report. */
  messages?: string[];
}

const USERS = ['AdeleV@contoso.com', 'MeganB@contoso.com', 'AlexW@contoso.com'];

/** Writes whose body carries `marker`: what the marker makes countable. */
const carrying = (marker: string) => (journal: readonly JournalEntry[]) => [
  journal.filter((entry) => entry.body?.includes(marker)).length,
];

/** Writes of `method` to a path ending in `suffix` that acted on `id`. */
const actingOn = (journal: readonly JournalEntry[], method: string, suffix: string, id: string) =>
  journal.filter((entry) => entry.method === method && entry.path.endsWith(suffix) && entry.itemIds.includes(id))
    .length;

/**
 * The workload: `rounds` rounds, each user taking a turn in each. Markers are
 * `CX<seed>-<nnnn>`, fixed width, so none is a prefix of another.
 *
 * @example
 * const steps = chaosScript(emulator, { rounds: 2, seed: 7 });
 */
export function chaosScript(emulator: Emulator, options: { rounds: number; seed: number }): ChaosStep[] {
  let next = 0;
  const mark = () => `CX${options.seed}-${String(++next).padStart(4, '0')}`;
  const { tenant } = emulator;
  const users = USERS.map((login) => {
    const user = tenant.findUser(login);
    if (!user) throw new Error(`chaos workload: no demo user ${login}`);
    const inbox = tenant.messages(user.id, tenant.resolveFolder(user.id, 'inbox')?.id ?? '');
    const invitations = tenant.calendar
      .events(user.id)
      .filter((event) => !event.isOrganizer && !event.isCancelled && !event.recurrence);
    const book = tenant.contacts.addressBook(user.id);
    const contacts = book.inFolder(book.defaultFolder.id);
    if (inbox.length < options.rounds * 4 || invitations.length === 0 || contacts.length === 0)
      throw new Error(`chaos workload: the seeded tenant has too few messages, invitations or contacts for ${login}`);
    // Items of their own to cancel or delete, so no seeded invitation or contact disappears: a
    // meeting with a guest outside the tenant (cancelled: POST …/cancel), an appointment without
    // attendees (cancelling it is a DELETE), a contact.
    const own = Array.from({ length: options.rounds }, (_, round) => {
      const day = `2027-03-${String(1 + round).padStart(2, '0')}`;
      const at = (hour: string) => ({ dateTime: `${day}T${hour}:00:00`, timeZone: 'UTC' });
      const event = (subject: string, guests: string[]) =>
        tenant.calendar.createEvent(user.id, {
          subject,
          start: at('09'),
          end: at('10'),
          attendees: guests.map((address) => ({ emailAddress: { address }, type: 'required' })),
        }).id;
      const contact = book.create(book.defaultFolder, { givenName: 'Former', surname: `Supplier ${round + 1}` });
      if (typeof contact === 'string') throw new Error(`chaos workload: cannot seed a contact: ${contact}`);
      return {
        meeting: event(`Vendor visit ${round + 1}`, ['partner@fabrikam.example']),
        appointment: event(`Focus time ${round + 1}`, []),
        contact: contact.id,
      };
    });
    return { login, user, inbox, invitations, contacts, own };
  });

  const steps: ChaosStep[] = [];
  for (let round = 0; round < options.rounds; round++) {
    users.forEach(({ login, inbox, invitations, contacts, own }, index) => {
      const other = users[(index + 1) % users.length]!.login;
      const day = `2027-02-${String(8 + round * 3 + index).padStart(2, '0')}`;
      const write = (tool: string, args: (marker: string) => Record<string, unknown>) => {
        const marker = mark();
        steps.push({ user: login, tool, args: args(marker), applied: carrying(marker) });
      };
      const read = (tool: string, args: Record<string, unknown>) => steps.push({ user: login, tool, args });
      const toReply = inbox[round * 4]!.id;
      const toMove = inbox.slice(round * 4 + 1, round * 4 + 4).map((message) => message.id);
      const { meeting, appointment, contact: toDelete } = own[round]!;
      const toUpdate = contacts[round % contacts.length]!.id;

      read('getEmails', { count: 5 });
      write('sendEmail', (m) => ({ to: other, subject: `Status ${m}`, body: `Weekly status ${m}` }));
      write('replyToEmail', (m) => ({ id: toReply, body: `Thanks, noted. ${m}` }));
      write('createDraft', (m) => ({ to: other, subject: `Draft ${m}`, body: `To be reviewed ${m}` }));
      // Three messages in one $batch: each may end differently, and the report must say which.
      steps.push({
        user: login,
        tool: 'manageEmails',
        args: { ids: toMove, action: 'move', destination: 'Archive' },
        applied: (journal) => toMove.map((id) => actingOn(journal, 'POST', '/move', id)),
        messages: toMove,
      });
      read('searchEmails', { query: 'budget', count: 5 });
      read('listMailFolders', {});
      write('createCalendarEvent', (m) => ({
        subject: `Review ${m}`,
        start: `${day}T10:00`,
        end: `${day}T10:30`,
        attendees: other,
      }));
      write('respondToEvent', (m) => ({
        id: invitations[round % invitations.length]!.id,
        response: round % 2 === 0 ? 'accept' : 'tentative',
        comment: `Works for me ${m}`,
      }));
      for (const [id, method] of [
        [meeting, 'POST'],
        [appointment, 'DELETE'],
      ] as const) {
        steps.push({
          user: login,
          tool: 'cancelCalendarEvent',
          args: { id, comment: 'Sorry, something came up.' },
          applied: (journal) => [actingOn(journal, method, '', id)],
        });
      }
      read('getCalendarEvents', { days: 7 });
      read('listTeams', {});
      write('sendTeamsMessage', (m) => ({
        teamId: 'Mark 8 Project Team',
        channelId: 'General',
        message: `Update ${m}`,
      }));
      write('sendChatMessage', (m) => ({ to: other, message: `Quick question ${m}` }));
      read('getChannelMessages', { team: 'Mark 8 Project Team', channel: 'General', count: 5 });
      read('listChats', { count: 5 });
      write('createContact', (m) => ({ givenName: 'Chaos', surname: m, company: 'Fabrikam' }));
      write('updateContact', (m) => ({ id: toUpdate, jobTitle: `Buyer ${m}` }));
      // A DELETE repeated after a lost answer would be reported "not found" although it was done.
      steps.push({
        user: login,
        tool: 'deleteContact',
        args: { id: toDelete },
        applied: (journal) => [actingOn(journal, 'DELETE', '', toDelete)],
      });
      read('getContacts', { count: 5 });
      read('findPeople', { query: 'Megan' });
      write('createOnlineMeeting', (m) => ({ subject: `Sync ${m}`, start: `${day}T15:00`, end: `${day}T15:30` }));
      write('createTeamsMeeting', (m) => ({
        subject: `Planning ${m}`,
        start: `${day}T16:00`,
        end: `${day}T16:30`,
        attendees: other,
      }));
    });
  }
  return steps;
}
