import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, decodeJwtPayload, PERSONAL_ACCOUNT_TENANT_ID, PERSONAL_DEMO_USER, signIn } from '../index';

const AUTH = 'https://login.personal.test';
const GRAPH = 'https://graph.personal.test/v1.0';
const emulator = createEmulator({ authorityOrigin: AUTH, graphBaseUrl: GRAPH, personalAccount: true });
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('a personal Microsoft account (opt-in)', () => {
  it.each(['consumers', 'common'])('signs in under %s with the consumer tenant id and reaches /me', async (tenant) => {
    const { idToken, accessToken } = await signIn({ authorityOrigin: AUTH, user: PERSONAL_DEMO_USER.mail, tenant });
    expect(decodeJwtPayload(idToken)).toMatchObject({ tid: PERSONAL_ACCOUNT_TENANT_ID, oid: PERSONAL_DEMO_USER.id });
    const me = (await (await fetch(`${GRAPH}/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as {
      userPrincipalName: string;
    };
    expect(me.userPrincipalName).toBe(PERSONAL_DEMO_USER.userPrincipalName);
  });

  it('is refused under organizations, and a work account is refused under consumers, as Microsoft does', async () => {
    await expect(signIn({ authorityOrigin: AUTH, user: PERSONAL_DEMO_USER.mail })).rejects.toThrow(
      /no code \(HTTP 400\)/,
    );
    await expect(signIn({ authorityOrigin: AUTH, user: 'AdeleV@contoso.com', tenant: 'consumers' })).rejects.toThrow(
      /no code \(HTTP 400\)/,
    );
    await expect(signIn({ authorityOrigin: AUTH, user: 'AdeleV@contoso.com', tenant: 'common' })).resolves.toBeTruthy();
  });

  it('exists only when asked for: the default emulator keeps its Contoso users', () => {
    const plain = createEmulator({ authorityOrigin: AUTH, graphBaseUrl: GRAPH });
    expect(plain.tenant.findUser(PERSONAL_DEMO_USER.mail)).toBeUndefined();
    expect(emulator.tenant.findUser(PERSONAL_DEMO_USER.mail)).toBe(PERSONAL_DEMO_USER);
  });
});
