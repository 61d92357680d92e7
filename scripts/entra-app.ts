/**
 * Prints what a real Microsoft Entra app registration for this gateway needs: the manifest
 * fragment, the az CLI lines that create it (redirect URIs, the delegated Graph permissions of
 * the enabled plugins, a client secret) and the wrangler secrets to set. Changes nothing itself.
 *
 *   npm run entra-app -- --url https://m365.example.com [--plugins mail,calendar] [--tenant organizations]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { plugins } from '../core/generated/plugins';
import { createRegistry } from '../core/plugin';
import { describePermissions } from './entra-permissions';

/** Microsoft Graph's well-known application id (same in every tenant). */
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
// What the gateway itself asks Microsoft for besides the tools' permissions (MailboxSettings.Read: the user's time zone).
const SIGN_IN_SCOPES = ['openid', 'profile', 'offline_access', 'User.Read', 'MailboxSettings.Read'];

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    plugins: { type: 'string' },
    tenant: { type: 'string', default: 'organizations' },
    name: { type: 'string', default: 'M365 MCP Gateway' },
  },
});

const baseUrl = (values.url ?? '').replace(/\/+$/, '');
if (!/^https:\/\/[^/]+$/.test(baseUrl) && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(baseUrl)) {
  console.error(
    'Pass --url with the gateway origin, e.g. --url https://m365.example.com (http only for 127.0.0.1/localhost).',
  );
  process.exit(1);
}
const enabled = (values.plugins ?? plugins.map((plugin) => plugin.name).join(','))
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const registry = createRegistry(plugins, { enabled });
const scopes = [...new Set([...SIGN_IN_SCOPES, ...registry.scopes()])];
const permissions = describePermissions(scopes);
const redirectUris = [`${baseUrl}/callback`, `${baseUrl}/apps/callback`];
const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

console.log(`# Entra app registration for ${baseUrl} (plugins: ${enabled.join(', ')})

## Manifest (App registrations → your app → Manifest)
${JSON.stringify(
  {
    displayName: values.name,
    signInAudience:
      values.tenant === 'consumers'
        ? 'PersonalMicrosoftAccount'
        : values.tenant === 'common'
          ? 'AzureADandPersonalMicrosoftAccount'
          : values.tenant === 'organizations'
            ? 'AzureADMultipleOrgs'
            : 'AzureADMyOrg',
    web: { redirectUris, implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false } },
  },
  null,
  2,
)}
Delegated Microsoft Graph permissions (API permissions → Microsoft Graph → Delegated): ${permissions.list}
(The az lines below add them by name; their ids are looked up from Microsoft Graph's service principal.)
${permissions.note}

## az CLI (logged in to the tenant that owns the app: az login)
APP_ID=$(az ad app create --display-name ${quote(values.name)} --sign-in-audience ${values.tenant === 'organizations' ? 'AzureADMultipleOrgs' : values.tenant === 'common' ? 'AzureADandPersonalMicrosoftAccount' : values.tenant === 'consumers' ? 'PersonalMicrosoftAccount' : 'AzureADMyOrg'} --web-redirect-uris ${redirectUris.map(quote).join(' ')} --query appId -o tsv)
${scopes
  .map(
    (scope) =>
      `az ad app permission add --id "$APP_ID" --api ${GRAPH_APP_ID} --api-permissions "$(az ad sp show --id ${GRAPH_APP_ID} --query "oauth2PermissionScopes[?value=='${scope}'].id" -o tsv)=Scope"`,
  )
  .join('\n')}
# Optional, as a tenant admin: consent for everyone (required for the permissions marked (admin) above)
az ad app permission admin-consent --id "$APP_ID"
MS_CLIENT_SECRET=$(az ad app credential reset --id "$APP_ID" --display-name gateway --years 1 --query password -o tsv)

## Worker secrets and settings
echo "$APP_ID" | npx wrangler secret put MS_CLIENT_ID
echo "$MS_CLIENT_SECRET" | npx wrangler secret put MS_CLIENT_SECRET
echo ${quote(randomBytes(32).toString('base64'))} | npx wrangler secret put TOKEN_ENCRYPTION_KEY
echo ${quote(randomBytes(32).toString('base64'))} | npx wrangler secret put COOKIE_SECRET
# wrangler.toml [vars] (or [env.<name>.vars]):
#   PUBLIC_BASE_URL = "${baseUrl}"
#   MS_AUTHORITY    = "https://login.microsoftonline.com/${values.tenant}"
#   ENABLED_PLUGINS = "${enabled.join(',')}"
#   ALLOWED_TENANTS = ""   # tenant ids allowed to sign in, comma-separated; empty = any the authority admits
`);
