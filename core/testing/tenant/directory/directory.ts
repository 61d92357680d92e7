/** The tenant's directory area: its identity and users (fixed; nothing in it changes, so no reset). */
import type { DemoUser } from '../../types';
import {
  DEMO_TENANT_DOMAIN,
  DEMO_TENANT_ID,
  DEMO_TENANT_NAME,
  DEMO_USERS,
  findUserByLogin,
  PERSONAL_DEMO_USER,
} from './users';

export class Directory {
  readonly id = DEMO_TENANT_ID;
  readonly displayName = DEMO_TENANT_NAME;
  readonly defaultDomain = DEMO_TENANT_DOMAIN;
  readonly users: readonly DemoUser[];

  /**
   * `personalAccount`: also the personal Microsoft account `PERSONAL_DEMO_USER`; `extraUsers`: more
   * members, after the demo users (their mailboxes, calendars and address books hold only what every
   * user is seeded with).
   */
  constructor(options: { personalAccount?: boolean; extraUsers?: readonly DemoUser[] } = {}) {
    const extra = options.extraUsers ?? [];
    const base = options.personalAccount ? [...DEMO_USERS, PERSONAL_DEMO_USER] : DEMO_USERS;
    for (const user of extra)
      if (findUserByLogin(user.userPrincipalName, base) || findUserByLogin(user.id, base))
        throw new Error(`Directory: extra user ${user.userPrincipalName} clashes with a demo user`);
    this.users = extra.length > 0 ? [...base, ...extra] : base;
  }

  /** By object id, UPN or mail address (case-insensitive). */
  findUser(idOrLogin: string): DemoUser | undefined {
    return findUserByLogin(idOrLogin, this.users);
  }
}
