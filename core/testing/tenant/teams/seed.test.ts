/** The Teams area's seed and Graph semantics: deterministic, realistic, and chats created as Microsoft creates them. */
import { describe, expect, it } from 'vitest';
import { FakeTenant } from '../fake-tenant';

const tenant = new FakeTenant();
const id = (login: string) => tenant.findUser(login)!.id;
const [adele, megan, alex] = ['AdeleV@contoso.com', 'MeganB@contoso.com', 'AlexW@contoso.com'].map(id) as [
  string,
  string,
  string,
];

describe('Teams seed', () => {
  it('is the same, ids included, after every reset', () => {
    const snapshot = () =>
      JSON.stringify({ teams: tenant.teams.joinedTeams(adele), chats: tenant.teams.chatsOf(adele) });
    const before = snapshot();
    tenant.teams.postChatMessage(adele, tenant.teams.chatsOf(adele)[0]!.id, { contentType: 'text', content: 'x' });
    tenant.reset();
    expect(snapshot()).toBe(before);
  });

  it('has two channels of the same name in different teams, and Graph-shaped ids', () => {
    const channels = tenant.teams.joinedTeams(adele).flatMap((t) => t.channels.map((c) => ({ team: t.id, ...c })));
    const design = channels.filter((c) => c.displayName === 'Design');
    expect(new Set(design.map((c) => c.team)).size).toBe(2);
    for (const c of channels) expect(c.id).toMatch(/^19:[0-9a-f]{32}@thread\.tacv2$/);
    for (const t of tenant.teams.joinedTeams(adele)) expect(t.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
  });

  it('holds threads with replies, mentions, files, reactions, messages from a line to paragraphs, and an injection attempt', () => {
    const posts = tenant.teams.joinedTeams(adele).flatMap((t) => t.channels.flatMap((c) => c.messages));
    expect(posts.length).toBeGreaterThan(20);
    expect(posts.some((p) => p.replies.length >= 2)).toBe(true);
    expect(posts.some((p) => (p.mentions ?? []).length === 2)).toBe(true);
    expect(posts.some((p) => (p.attachments ?? []).length > 0)).toBe(true);
    expect(posts.some((p) => (p.reactions ?? []).length > 0)).toBe(true);
    const lengths = posts.map((p) => p.body?.content?.length ?? 0);
    expect(Math.min(...lengths)).toBeLessThan(20);
    expect(Math.max(...lengths)).toBeGreaterThan(400);
    expect(posts.some((p) => /ignore your previous instructions/.test(p.body?.content ?? ''))).toBe(true);
    for (const p of posts) expect(p.id).toBe(String(Date.parse(p.createdDateTime)));
  });

  it('has 1:1 and group chats between the demo users', () => {
    const chats = tenant.teams.chatsOf(adele);
    expect(chats.map((c) => c.chatType).sort()).toEqual(['group', 'oneOnOne', 'oneOnOne']);
    expect(chats.every((c) => c.messages.length > 0)).toBe(true);
  });
});

describe('Teams area as Microsoft behaves', () => {
  it('a new 1:1 chat between the same two people is the existing chat; a new group chat is always new', () => {
    tenant.reset();
    const existing = tenant.teams.chatsOf(adele).find((c) => c.chatType === 'oneOnOne' && c.memberIds.includes(megan))!;
    expect(tenant.teams.createChat(megan, 'oneOnOne', [megan, adele], null)).toEqual({
      chat: existing,
      created: false,
    });
    const fresh = tenant.teams.createChat(megan, 'oneOnOne', [megan, alex], null);
    expect(fresh.created).toBe(true);
    expect(tenant.teams.createChat(alex, 'oneOnOne', [alex, megan], null).chat).toBe(fresh.chat);
    const a = tenant.teams.createChat(adele, 'group', [adele, megan, alex], null);
    const b = tenant.teams.createChat(adele, 'group', [adele, megan, alex], null);
    expect(a.created && b.created).toBe(true);
    expect(a.chat.id).not.toBe(b.chat.id);
  });

  it('a post is seen by every member, and a reply only lands in a thread of its own channel', () => {
    tenant.reset();
    const team = tenant.teams.joinedTeams(adele)[0]!;
    const [general, design] = team.channels as [(typeof team.channels)[0], (typeof team.channels)[0]];
    const post = tenant.teams.postChannelMessage(adele, team.id, general.id, { contentType: 'text', content: 'Hi' })!;
    expect(
      tenant.teams
        .joinedTeams(megan)
        .find((t) => t.id === team.id)!
        .channels[0]!.messages.at(-1)!.id,
    ).toBe(post.id);
    expect(tenant.teams.postChannelMessage(adele, team.id, design.id, { content: 'no' }, post.id!)).toBeUndefined();
    expect(tenant.teams.postChannelMessage(megan, team.id, general.id, { content: 'yes' }, post.id!)?.replyToId).toBe(
      post.id,
    );
  });
});
