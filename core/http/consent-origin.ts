/**
 * The consent answer (POST /authorize) must come from this gateway's own consent page. Its
 * handle is random and bound to the browser by a cookie, so a foreign page should not be able to
 * submit a valid one; as defence in depth, where the browser says the POST came from is checked:
 * - `Origin`, when present, must be this gateway's origin (`null`, sent by privacy-strict or
 *   sandboxed contexts, is refused too — the consent page itself sets a same-origin referrer
 *   policy so its own POST carries the real origin);
 * - `Sec-Fetch-Site`, when present, must be `same-origin` (not `same-site` nor `cross-site`).
 * Clients that send neither header (not browsers) are not affected.
 */
import type { GatewayConfig } from '../config/config';
import { HttpError } from './http-error';
import type { Guard } from './routes';

/**
 * Refuses (403 page) a consent answer sent from elsewhere.
 *
 * @example
 * router.post('/authorize', consentFromOwnPage(config), own(decideConsent));
 */
export function consentFromOwnPage(config: GatewayConfig): Guard {
  const ownOrigin = new URL(config.publicBaseUrl).origin;
  return (request) => {
    const origin = request.headers.get('origin');
    const site = request.headers.get('sec-fetch-site');
    if ((origin === null || origin === ownOrigin) && (site === null || site === 'same-origin')) return undefined;
    throw HttpError.page(
      'Request refused',
      'This answer to the consent page did not come from this gateway’s own page, so nothing was approved. Start connecting again from your app.',
      403,
    );
  };
}
