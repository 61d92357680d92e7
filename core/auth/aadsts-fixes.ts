/**
 * What a person or the operator should do about the Microsoft sign-in errors people actually hit,
 * by AADSTS number (Microsoft's error codes reference). The gateway shows its own words, never
 * Microsoft's `error_description` text, which arrives in a URL anyone can craft.
 */

export interface SignInFix {
  code: number;
  /** What went wrong, in plain words. */
  problem: string;
  /** Who does what to put it right. */
  fix: string;
}

const FIXES: Record<number, Omit<SignInFix, 'code'>> = {
  50011: {
    problem: "The gateway's address is not registered with its Microsoft Entra app (redirect URI mismatch).",
    fix: "The gateway's operator adds {base}/callback and {base}/apps/callback as Web redirect URIs of the Entra app (`npm run entra-app -- --url {base}` prints them), then you connect again.",
  },
  50020: {
    problem: 'This Microsoft account does not belong to an organisation this gateway signs in.',
    fix: "Sign in with an account of your organisation. If your organisation should be admitted, the gateway's operator sets MS_AUTHORITY to …/organizations or to your tenant.",
  },
  50076: {
    problem: 'Microsoft requires multi-factor authentication for this sign-in.',
    fix: 'Connect again from your app and complete the multi-factor prompt on the Microsoft page.',
  },
  50105: {
    problem: "Your administrator has not assigned you to this gateway's app in Microsoft Entra.",
    fix: 'Ask your IT administrator to assign your account to the app (Enterprise applications → Users and groups), then connect again.',
  },
  50194: {
    problem: "The gateway's Entra app is single-tenant, but it was asked to sign in people of any organisation.",
    fix: "The gateway's operator sets MS_AUTHORITY to https://login.microsoftonline.com/<tenant id>, or makes the Entra app multi-tenant.",
  },
  53003: {
    problem: "Your organisation's conditional access policy blocked this sign-in.",
    fix: 'Ask your IT administrator which device, network or app requirement applies; meet it, then connect again.',
  },
  65001: {
    problem: 'The permissions this app needs have not been consented to.',
    fix: "Connect again and accept the permissions on the Microsoft page; if your organisation lets only administrators consent, ask one to grant admin consent for the gateway's Entra app (`az ad app permission admin-consent --id <app id>`).",
  },
  65004: {
    problem: 'The permissions were declined on the Microsoft page.',
    fix: 'Connect again from your app and accept the permissions, or ask your IT administrator to approve them for your organisation.',
  },
  90094: {
    problem: 'A tenant administrator must approve the permissions this app needs (admin consent required).',
    fix: "Ask your IT administrator to grant admin consent for the gateway's Entra app (`az ad app permission admin-consent --id <app id>`, or Enterprise applications → Permissions), then connect again.",
  },
  90095: {
    problem: 'Your request for administrator approval was sent; the app cannot be used until it is approved.',
    fix: 'Wait for your IT administrator to approve the request, then connect again.',
  },
  700016: {
    problem: "Microsoft does not know the gateway's app in this directory (wrong app id or tenant).",
    fix: "The gateway's operator checks that MS_CLIENT_ID is the Entra app's Application (client) id and that MS_AUTHORITY names the tenant where it is registered (or …/organizations for a multi-tenant app).",
  },
  7000215: {
    problem: "The gateway's Entra app client secret is wrong.",
    fix: "The gateway's operator creates a new client secret and stores it with `wrangler secret put MS_CLIENT_SECRET`.",
  },
  7000222: {
    problem: "The gateway's Entra app client secret has expired.",
    fix: "The gateway's operator creates a new client secret and stores it with `wrangler secret put MS_CLIENT_SECRET`.",
  },
};
// Same fix as their neighbours.
FIXES[50079] = FIXES[50076]!;
FIXES[90099] = FIXES[90094]!;

/**
 * The first AADSTS number in a Microsoft error description (`AADSTS50011: The redirect URI …`).
 *
 * @example
 * aadstsCode('AADSTS65004: User declined to consent.\r\nTrace ID: …'); // 65004
 * aadstsCode('no code here'); // undefined
 */
export function aadstsCode(description: string | null | undefined): number | undefined {
  const match = /\bAADSTS(\d{5,8})\b/.exec(description ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * The fix for a code, with the gateway's own address filled in; a code not listed gets a pointer
 * to Microsoft's own lookup of it.
 *
 * @example
 * signInFix(50011, 'https://m365.example.com').fix; // "The gateway's operator adds https://m365.example.com/callback …"
 */
export function signInFix(code: number, publicBaseUrl: string): SignInFix {
  const known = FIXES[code];
  if (!known)
    return {
      code,
      problem: `Microsoft refused the sign-in (AADSTS${code}).`,
      fix: `Look the code up at https://login.microsoftonline.com/error?code=${code}, or give it to your IT administrator or the gateway's operator.`,
    };
  return { code, problem: known.problem, fix: known.fix.replaceAll('{base}', publicBaseUrl) };
}
