/** Signing in to the connected-apps page (/apps) as a user, as a browser does. */
import { readForm, type TestBrowser } from '../../core/testing/oauth-browser';
import { GATEWAY, newBrowser } from './support';

/** Signs in at /apps as `upn`; returns the browser and the page's CSRF token. */
export async function appsSession(upn: string): Promise<{ browser: TestBrowser; html: string; csrf: string }> {
  const browser = newBrowser();
  const microsoft = new URL((await browser.request(`${GATEWAY}/apps/signin`)).headers.get('location')!);
  const { action, fields } = readForm(await (await browser.request(microsoft)).text());
  const back = await browser.request(new URL(action ?? microsoft.toString(), microsoft), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, user: upn }).toString(),
  });
  await browser.request(new URL(back.headers.get('location')!));
  const html = await (await browser.request(`${GATEWAY}/apps`)).text();
  return { browser, html, csrf: readForm(html).fields.csrf ?? '' };
}
