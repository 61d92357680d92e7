/**
 * sendTeamsMessage against the emulated tenant: the exact post, replies in the thread, bad input
 * refused with nothing posted, and Teams' post rate: a throttled post is waited for or refused,
 * and a post whose outcome is unknown is never sent twice.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ToolTestSession } from 'm365-mcp-gateway/testing';
import { idsBehind, teamsTestEnvironment } from './test-support';

const { emulator, signIn, callAs } = teamsTestEnvironment();
let adele: ToolTestSession;
beforeEach(async () => {
  emulator.reset();
  adele = await signIn('AdeleV@contoso.com');
  emulator.stats.reset();
});

const call = (tool: string, args: Record<string, unknown>) => callAs(adele, tool, args);
const team = (name: string) => emulator.tenant.teams.joinedTeams(adele.user.id).find((t) => t.displayName === name)!;
const channel = (teamName: string, name: string) => team(teamName).channels.find((c) => c.displayName === name)!;
const postsPath = (teamName: string, name: string) =>
  `/teams/${team(teamName).id}/channels/${encodeURIComponent(channel(teamName, name).id)}/messages`;
const posts = () => emulator.stats.graphRequests.filter((r) => r.method === 'POST');
const launch = () => channel('Mark 8 Project Team', 'Launch');
const withText = (text: string) =>
  launch().messages.filter((m) => m.body?.content === text).length +
  launch()
    .messages.flatMap((m) => m.replies)
    .filter((m) => m.body?.content === text).length;

describe('sendTeamsMessage', () => {
  it('posts by team and channel names with exactly the message body, and the post is there for the team', async () => {
    const result = await call('sendTeamsMessage', {
      teamId: 'Mark 8 Project Team',
      channelId: 'launch',
      message: 'Run of show v2 is up.',
    });
    expect(result.isError, result.text).toBeFalsy();
    expect(posts()).toHaveLength(1);
    expect(posts()[0]).toMatchObject({ path: postsPath('Mark 8 Project Team', 'Launch'), search: '' });
    expect(JSON.parse(posts()[0]!.body!)).toEqual({ body: { contentType: 'text', content: 'Run of show v2 is up.' } });
    const posted = launch().messages.at(-1)!;
    expect(posted.from?.user?.id).toBe(adele.user.id);
    const handle = /as post (p[0-9a-z]+)/.exec(result.text)![1]!;
    expect(await idsBehind(adele, [handle])).toEqual([posted.id]);

    const megan = await signIn('MeganB@contoso.com');
    const read = await callAs(megan, 'getChannelMessages', { team: 'Mark 8 Project Team', channel: 'Launch' });
    expect(read.text).toContain('Adele Vance\n  Run of show v2 is up.');
  });

  it('replies in the thread of a post it listed, with html kept as html', async () => {
    const listed = await call('getChannelMessages', { team: 'Mark 8 Project Team', channel: 'Launch' });
    const parent = /- (p[0-9a-z]+) \|/.exec(listed.text)![1]!;
    await adele.settled();
    emulator.stats.reset();
    const result = await call('sendTeamsMessage', {
      teamId: 'Mark 8 Project Team',
      channelId: 'Launch',
      message: '<p>Looks good, <b>approved</b>.</p>',
      contentType: 'html',
      replyToMessageId: parent,
    });
    expect(result.isError, result.text).toBeFalsy();
    const thread = launch().messages[0]!;
    expect(posts()[0]!.path).toBe(`${postsPath('Mark 8 Project Team', 'Launch')}/${thread.id}/replies`);
    expect(JSON.parse(posts()[0]!.body!)).toEqual({
      body: { contentType: 'html', content: '<p>Looks good, <b>approved</b>.</p>' },
    });
    expect(thread.replies.at(-1)?.body?.content).toBe('<p>Looks good, <b>approved</b>.</p>');
    expect(result.text).toMatch(new RegExp(`^Replied in the thread of post ${parent} in channel c`));
  });

  it('refuses a reply to a post of another channel, and posts nothing', async () => {
    const general = channel('Mark 8 Project Team', 'General').messages[0]!;
    const result = await call('sendTeamsMessage', {
      teamId: 'Mark 8 Project Team',
      channelId: 'Launch',
      message: 'Wrong thread',
      replyToMessageId: general.id,
    });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^No post p[0-9a-z]+ in channel c[0-9a-z]+ of team t[0-9a-z]+: replyToMessageId must be a post of that channel/,
    );
    expect(result.text).toContain('Nothing was posted');
    expect(emulator.journal).toEqual([]);
  });

  it.each([
    [{ message: '   ' }, /"message" must not be empty/],
    [{ message: 'x'.repeat(28_001) }, /"message" must be at most 28000 bytes/],
    [{ message: 'ok', replyToMessageId: 'not-a-post' }, /"replyToMessageId" must be a post handle/],
    [{ message: 'ok', teamId: 'Finance' }, /^No team "Finance" among your teams/],
    [{ message: 'ok', channelId: 'Random' }, /^No channel "Random" in team t/],
  ])('refuses bad input %#, with nothing posted', async (args, error) => {
    const result = await call('sendTeamsMessage', { teamId: 'Mark 8 Project Team', channelId: 'Launch', ...args });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(error);
    expect(posts()).toEqual([]);
    expect(emulator.journal).toEqual([]);
  });

  it('refuses an ambiguous channel name with its candidates, and posts nothing', async () => {
    const result = await call('sendTeamsMessage', { teamId: 'Mark 8 Project Team', channelId: 'e', message: 'Hi' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^"e" matches 2 channels in team t[0-9a-z]+; nothing was done\. Pass channelId as one/);
    expect(result.text).toContain('General');
    expect(result.text).toContain('Design');
    expect(posts()).toEqual([]);
  });
});

describe('Teams’ post rate', () => {
  const message = { teamId: 'Mark 8 Project Team', channelId: 'Launch', message: 'Exactly once.' };

  it('a throttled post waits Retry-After and then posts once', async () => {
    emulator.injectFault({
      path: postsPath('Mark 8 Project Team', 'Launch'),
      method: 'POST',
      status: 429,
      retryAfterSeconds: 2,
    });
    const result = await call('sendTeamsMessage', message);
    expect(result.isError, result.text).toBeFalsy();
    expect(adele.waits).toEqual([2000]);
    expect(posts()).toHaveLength(2);
    expect(withText('Exactly once.')).toBe(1);
  });

  it('a post throttled for longer than the wait budget says when to retry, and posts nothing', async () => {
    emulator.injectFault({
      path: postsPath('Mark 8 Project Team', 'Launch'),
      method: 'POST',
      status: 429,
      retryAfterSeconds: 120,
    });
    const result = await call('sendTeamsMessage', message);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/did not carry out the request for sendTeamsMessage.*Wait 120 seconds, then try again/);
    expect(posts()).toHaveLength(1);
    expect(withText('Exactly once.')).toBe(0);
  });

  it('a post whose answer is lost may have happened and is not sent again', async () => {
    emulator.injectFault({
      path: postsPath('Mark 8 Project Team', 'Launch'),
      method: 'POST',
      network: 'drop',
      afterApplying: true,
    });
    const result = await call('sendTeamsMessage', message);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^sendTeamsMessage may have happened/);
    expect(result.text).toContain(
      'Check the channel or chat (getChannelMessages or getChatMessages) before trying again',
    );
    expect(posts()).toHaveLength(1);
    expect(withText('Exactly once.')).toBe(1);
  });

  it('a post answered 503 is not sent again', async () => {
    emulator.injectFault({ path: postsPath('Mark 8 Project Team', 'Launch'), method: 'POST', status: 503, times: 5 });
    const result = await call('sendTeamsMessage', message);
    expect(result.text).toMatch(/^sendTeamsMessage may have happened: Microsoft Graph answered 503/);
    expect(posts()).toHaveLength(1);
  });
});
