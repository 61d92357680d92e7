/** Server-side memory of the identity mock: authorization codes, access and refresh tokens. */
import { randomToken } from '../tenant/ids';

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  graphScopes: string[];
  offlineAccess: boolean;
  userId: string;
  nonce?: string;
  expiresAt: number;
}

export interface AccessTokenRecord {
  userId: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export interface RefreshTokenRecord {
  userId: string;
  clientId: string;
  scopes: string[];
  /** Set once the token has been exchanged: rotation makes it unusable. */
  rotatedAt?: number;
}

const CODE_TTL_MS = 10 * 60 * 1000;

export class TokenStore {
  private codes = new Map<string, AuthCode>();
  private redeemedCodes = new Set<string>();
  private accessTokens = new Map<string, AccessTokenRecord>();
  private refreshTokens = new Map<string, RefreshTokenRecord>();

  constructor(private readonly accessTokenTtlSeconds: number) {}

  issueCode(fields: Omit<AuthCode, 'code' | 'expiresAt'>): string {
    const code = `1.${randomToken(48)}`;
    this.codes.set(code, { ...fields, code, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  /** Single use: the code is gone after this call whatever the outcome, as an OAuth 2.1 server does. */
  takeCode(code: string): { code: AuthCode } | { error: 'redeemed' | 'unknown' | 'expired' } {
    const record = this.codes.get(code);
    if (!record) return { error: this.redeemedCodes.has(code) ? 'redeemed' : 'unknown' };
    this.codes.delete(code);
    this.redeemedCodes.add(code);
    if (record.expiresAt < Date.now()) return { error: 'expired' };
    return { code: record };
  }

  issueAccessToken(userId: string, clientId: string, scopes: string[]): { token: string; expiresIn: number } {
    const token = `EwB${randomToken(96)}`;
    this.accessTokens.set(token, {
      userId,
      clientId,
      scopes,
      expiresAt: Date.now() + this.accessTokenTtlSeconds * 1000,
    });
    return { token, expiresIn: this.accessTokenTtlSeconds };
  }

  issueRefreshToken(userId: string, clientId: string, scopes: string[]): string {
    const token = `M.C5${randomToken(96)}`;
    this.refreshTokens.set(token, { userId, clientId, scopes });
    return token;
  }

  getRefreshToken(token: string): RefreshTokenRecord | undefined {
    return this.refreshTokens.get(token);
  }

  /** Look an access token up; `expired` distinguishes a known-but-stale token from an unknown one. */
  lookupAccessToken(token: string): { record: AccessTokenRecord; expired: boolean } | undefined {
    const record = this.accessTokens.get(token);
    return record ? { record, expired: record.expiresAt <= Date.now() } : undefined;
  }

  /** Every access and refresh token issued to a user (tests check none is stored in plain text). */
  issuedTo(userId: string): string[] {
    const mine = <T extends { userId: string }>(map: Map<string, T>) =>
      [...map].filter(([, record]) => record.userId === userId).map(([token]) => token);
    return [...mine(this.accessTokens), ...mine(this.refreshTokens)];
  }

  expireAccessTokens(): void {
    const past = Date.now() - 1000;
    for (const r of this.accessTokens.values()) r.expiresAt = Math.min(r.expiresAt, past);
  }

  clear(): void {
    this.codes.clear();
    this.redeemedCodes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }
}
