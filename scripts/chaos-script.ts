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
   * For a write: how many times the emulated Graph carried it out, from its journal. Most writes
   * are found by their marker in the body they sent; a move (whose body names only the folder) by
   * the message it moved.
   */
  applied?: (journal: readonly JournalEntry[]) => number;
}

const USERS = ['AdeleV@contoso.com', 'MeganB@contoso.com', 'AlexW@contoso.com'];

/** Writes whose body carries `marker`: what the marker makes countable. */
const carrying = (marker: string) => (journal: readonly JournalEntry[]) =>
  journal.filter((entry) => entry.body?.includes(marker)).length;

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
    return { login, user, inbox, invitations, contacts };
  });
  const needed = options.rounds * 2;
  for (const { login, inbox, invitations, contacts } of users) {
    if (inbox.length < needed || invitations.length === 0 || contacts.length < options.rounds)
      throw new Error(`chaos workload: the seeded tenant has too few messages, invitations or contacts for ${login}`);
  }

  const steps: ChaosStep[] = [];
  for (let round = 0; round < options.rounds; round++) {
    users.forEach(({ login, inbox, invitations, contacts }, index) => {
      const other = users[(index + 1) % users.length]!.login;
      const day = `2027-02-${String(8 + round * 3 + index).padStart(2, '0')}`;
      const write = (tool: string, args: (marker: string) => Record<string, unknown>) => {
        const marker = mark();
        steps.push({ user: login, tool, args: args(marker), applied: carrying(marker) });
      };
      const read = (tool: string, args: Record<string, unknown>) => steps.push({ user: login, tool, args });
      const toReply = inbox[round * 2]!.id;
      const toMove = inbox[round * 2 + 1]!.id;

      read('getEmails', { count: 5 });
      write('sendEmail', (m) => ({ to: other, subject: `Status ${m}`, body: `Weekly status ${m}` }));
      write('replyToEmail', (m) => ({ id: toReply, body: `Thanks, noted. ${m}` }));
      write('createDraft', (m) => ({ to: other, subject: `Draft ${m}`, body: `To be reviewed ${m}` }));
      steps.push({
        user: login,
        tool: 'manageEmails',
        args: { ids: [toMove], action: 'move', destination: 'Archive' },
        applied: (journal) =>
          journal.filter((entry) => entry.path.endsWith('/move') && entry.itemIds.includes(toMove)).length,
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
      write('updateContact', (m) => ({ id: contacts[round]!.id, jobTitle: `Buyer ${m}` }));
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
