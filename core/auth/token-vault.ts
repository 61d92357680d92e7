/**
 * TokenVault — one Durable Object per user (named by the user key `tenantId.objectId`), the only
 * place that holds and refreshes that user's Microsoft tokens.
 *
 * Why a Durable Object: Microsoft rotates refresh tokens, so two refreshes racing with the same
 * refresh token would lose one of them. A single object per user serialises that, and an
 * in-memory promise makes concurrent callers share one refresh (single flight).
 *
 * Storage: one sealed record (AES-256-GCM, user key as AAD, key id beside it); nothing in plain
 * text. The rotated refresh token is persisted before the new access token is handed out, so a
 * crash after the refresh never leaves us holding only a spent refresh token.
 *
 * Races: a refresh waits on Microsoft, and the object serves other calls meanwhile: a new sign-in
 * (`store`) or a sign-out (`clear`) may land before the refresh answers. Every write bumps an
 * in-memory generation in the same turn as its storage call, and a refresh writes (or, on
 * `invalid_grant`, clears and revokes) only if the generation is still the one it started from;
 * otherwise its answer is about a superseded refresh token and the newer record wins.
 */
import { DurableObject } from 'cloudflare:workers';
import { loadConfig, type GatewayConfig } from '../config/config';
import { MicrosoftTokenError, refreshMicrosoftTokens, type MicrosoftTokens } from './microsoft';
import { refreshFailureKind } from './microsoft-errors';
import { type Migration, upgradeStorage } from '../storage/schema-version';
import { KeyRing, type SealedRecord } from './token-cipher';

/** Refresh this long before Microsoft's expiry, so a token never expires mid-call. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/**
 * When Microsoft cannot refresh right now (timeout, 5xx), the current token is still served if it
 * has at least this long left: a brief outage inside the refresh margin costs the user nothing.
 */
export const SERVE_WHILE_UNAVAILABLE_MS = 30_000;
const RECORD_KEY = 'tokens';

export type VaultAccess =
  | { ok: true; accessToken: string; expiresAt: number; scopes: string[] }
  | {
      ok: false;
      /**
       * `reauth_required`: Microsoft ended the sign-in (tokens dropped, grants revoked);
       * `interaction_required`: the user must sign in again in a browser (MFA, conditional access,
       * password change); tokens and grants are kept.
       */
      reason: 'signed_out' | 'reauth_required' | 'interaction_required' | 'unavailable';
      message: string;
    };

export interface VaultStatus {
  signedIn: boolean;
  expiresAt?: number;
  scopes: string[];
}

export class TokenVault extends DurableObject<Env> {
  private refreshing: Promise<VaultAccess> | undefined;
  private cipher: Promise<KeyRing> | undefined;
  /** Bumped by every write and clear, in the same turn as the storage call (see "Races" above). */
  private generation = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(() => upgradeStorage(ctx.storage, 'TokenVault', TOKEN_VAULT_MIGRATIONS));
  }

  /** Stores the tokens from a fresh sign-in, replacing whatever was there (an in-flight refresh included). */
  async store(userKey: string, tokens: MicrosoftTokens): Promise<void> {
    const sealed = await this.seal(userKey, tokens);
    this.generation++;
    await this.ctx.storage.put(RECORD_KEY, sealed);
  }

  /**
   * A Microsoft access token valid for at least REFRESH_MARGIN_MS, refreshing first if needed.
   * `staleToken`: the token a caller just saw rejected by Graph (401); if it is still the current
   * one, it is refreshed even though its expiry says otherwise; if another caller already replaced
   * it, the replacement is returned without a second refresh.
   */
  async getAccessToken(userKey: string, options: { staleToken?: string } = {}): Promise<VaultAccess> {
    const tokens = await this.read(userKey);
    if (!tokens) return { ok: false, reason: 'signed_out', message: 'No Microsoft sign-in is stored for this user.' };
    const stale = options.staleToken !== undefined && options.staleToken === tokens.accessToken;
    if (!stale && tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) return granted(tokens);
    this.refreshing ??= this.refresh(userKey, tokens, stale).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** What the vault knows, without secrets (for the `authenticate` tool and tests). */
  async status(userKey: string): Promise<VaultStatus> {
    const tokens = await this.read(userKey);
    return tokens
      ? { signedIn: true, expiresAt: tokens.expiresAt, scopes: tokens.scopes }
      : { signedIn: false, scopes: [] };
  }

  /** Forgets the user's Microsoft tokens (sign-out, or Microsoft said the grant is gone). */
  async clear(): Promise<void> {
    this.generation++;
    await this.ctx.storage.deleteAll();
  }

  /** Called after Microsoft ended the user's sign-in (the composition root revokes their grants). */
  protected async onSignInEnded(_userKey: string): Promise<void> {}

  private async refresh(userKey: string, current: MicrosoftTokens, stale: boolean): Promise<VaultAccess> {
    const generation = this.generation;
    let next: MicrosoftTokens;
    try {
      next = await refreshMicrosoftTokens(this.config(), current.refreshToken, current.scopes);
    } catch (error) {
      if (this.generation !== generation) return this.newer(userKey);
      return this.refreshFailed(userKey, current, stale, error);
    }
    const sealed = await this.seal(userKey, next);
    // A sign-in or sign-out landed while Microsoft answered: its record is newer than this refresh.
    if (this.generation !== generation) return this.newer(userKey);
    this.generation++;
    await this.ctx.storage.put(RECORD_KEY, sealed);
    return granted(next);
  }

  private async refreshFailed(
    userKey: string,
    current: MicrosoftTokens,
    stale: boolean,
    error: unknown,
  ): Promise<VaultAccess> {
    const kind = error instanceof MicrosoftTokenError ? refreshFailureKind(error) : 'unavailable';
    const detail = error instanceof MicrosoftTokenError ? error.description : 'network error';
    if (kind === 'interaction_required') {
      // The sign-in still exists: nothing is dropped or revoked; one browser sign-in puts it right.
      return {
        ok: false,
        reason: 'interaction_required',
        message:
          `Microsoft needs you to sign in again before this app can continue (${detail}). ` +
          `Open ${this.config().publicBaseUrl}/apps/signin?consent=1 in a browser, sign in, then retry.`,
      };
    }
    if (kind === 'ended') {
      await this.clear();
      // The gateway grants built on this sign-in can never work again: end them, so each
      // client's next request gets 401 and re-authorizes instead of failing call by call.
      await this.onSignInEnded(userKey).catch((failure: unknown) =>
        console.error(
          JSON.stringify({
            level: 'error',
            message: 'revoking grants after invalid_grant failed',
            error: String(failure),
          }),
        ),
      );
      return { ok: false, reason: 'reauth_required', message: `Microsoft ended the sign-in (${detail}).` };
    }
    // A token Graph has not rejected and that is still valid serves until Microsoft is back.
    if (!stale && current.expiresAt - Date.now() >= SERVE_WHILE_UNAVAILABLE_MS) return granted(current);
    return { ok: false, reason: 'unavailable', message: `Microsoft sign-in is unavailable right now (${detail}).` };
  }

  /** What a superseded refresh answers instead of its own result: the record that replaced it. */
  private async newer(userKey: string): Promise<VaultAccess> {
    const latest = await this.read(userKey);
    if (!latest) return { ok: false, reason: 'signed_out', message: 'No Microsoft sign-in is stored for this user.' };
    return granted(latest);
  }

  private async read(userKey: string): Promise<MicrosoftTokens | undefined> {
    const generation = this.generation;
    const record = await this.ctx.storage.get<SealedRecord>(RECORD_KEY);
    if (!record) return undefined;
    const ring = await this.getCipher();
    const opened = await ring.open<MicrosoftTokens>(record, userKey);
    if (!opened) return undefined;
    if (opened.stale) {
      // Sealed with TOKEN_ENCRYPTION_KEY_PREVIOUS: re-sealed with the current key, unless a write
      // landed meanwhile (its record is newer). The generation is not bumped: this is the same
      // record, and a refresh in flight must still be allowed to replace it.
      const resealed = await ring.seal(opened.value, userKey);
      if (this.generation === generation) await this.ctx.storage.put(RECORD_KEY, resealed);
    }
    return opened.value;
  }

  private async seal(userKey: string, tokens: MicrosoftTokens): Promise<SealedRecord> {
    return (await this.getCipher()).seal(tokens, userKey);
  }

  private getCipher(): Promise<KeyRing> {
    const config = this.config();
    this.cipher ??= KeyRing.fromRawKeys(config.tokenEncryptionKey, config.previousTokenEncryptionKey);
    return this.cipher;
  }

  private config(): GatewayConfig {
    const result = loadConfig(this.env);
    if (!result.ok) throw new Error('TokenVault used with invalid gateway configuration');
    return result.config;
  }
}

/** TokenVault's schema versions (STORAGE.md); storage from before versions existed is at 0. */
export const TOKEN_VAULT_MIGRATIONS: readonly Migration[] = [
  // Version 1 is the shape records always had (`tokens`: a sealed record, `v: 1`); nothing to convert.
  { to: 1, change: 'sealed `tokens` record', run: () => undefined },
];

function granted(tokens: MicrosoftTokens): VaultAccess {
  return { ok: true, accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, scopes: tokens.scopes };
}

/** The vault stub for a user. */
export function tokenVaultFor(env: Env, userKey: string): DurableObjectStub<TokenVault> {
  return env.TOKEN_VAULT.get(env.TOKEN_VAULT.idFromName(userKey));
}
