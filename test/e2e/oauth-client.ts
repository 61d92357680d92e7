/**
 * An MCP client's side of OAuth for end-to-end tests: the SDK's OAuthClientProvider kept in
 * memory, plus the scripted browser that plays the person at the consent and sign-in pages.
 */
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { completeAuthorizationInBrowser, TestBrowser } from '../../core/testing/oauth-browser';

export class InMemoryOAuthProvider implements OAuthClientProvider {
  private info: OAuthClientInformationMixed | undefined;
  private saved: OAuthTokens | undefined;
  private verifier = '';
  authorizationUrl: URL | undefined;

  constructor(readonly redirectUrl = 'http://127.0.0.1:43111/oauth/callback') {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'E2E MCP Client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/**
 * Connects the SDK `Client` over Streamable HTTP the way a desktop client does: the first connect
 * fails with 401 and opens the authorization URL; the "person" approves and signs in; the client
 * finishes with the code and connects again.
 */
export async function connectWithOAuth(
  mcpUrl: string,
  user: string,
): Promise<{ client: Client; provider: InMemoryOAuthProvider }> {
  const provider = new InMemoryOAuthProvider();
  const client = new Client({ name: 'e2e-client', version: '1.0.0' });
  const first = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  try {
    await client.connect(first);
    throw new Error('expected the first connect to need authorization');
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
  }
  if (!provider.authorizationUrl) throw new Error('the client was not sent to an authorization URL');
  const browser = new TestBrowser({ fetchFor: () => (request) => fetch(request) });
  const back = await completeAuthorizationInBrowser({
    browser,
    authorizationUrl: provider.authorizationUrl.toString(),
    user,
  });
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`authorization did not return a code: ${back}`);
  await first.finishAuth(code);
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }));
  return { client, provider };
}
