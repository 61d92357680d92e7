/**
 * `npm run emulator [-- --port 8788]`: the emulated Microsoft 365 tenant on its own, over HTTP on
 * loopback. Point MS_AUTHORITY at `<url>/organizations` and GRAPH_BASE_URL at `<url>/v1.0`.
 */
import { parseArgs } from 'node:util';
import { pluginMocks } from '../core/generated/mocks';
import { serveEmulator } from '../core/testing/node/serve';

const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.EMULATOR_PORT ?? '8788' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid --port '${values.port}'.`);
  process.exit(2);
}

const served = await serveEmulator({ port, pluginMocks });
const users = served.emulator.tenant.users;
const width = Math.max(...users.map((u) => u.displayName.length));
console.log(`Emulated Microsoft 365 tenant "Contoso" (${served.emulator.tenant.id})

  Authority:  ${served.authorityOrigin}/organizations   (authorize: /organizations/oauth2/v2.0/authorize)
  Graph:      ${served.graphBaseUrl}
  Controls:   GET /_emulator/stats · POST /_emulator/reset · POST /_emulator/expire-tokens
              POST /_emulator/faults {status,retryAfterSeconds,delayMs,path,times} · DELETE /_emulator/faults
  Plugins:    ${pluginMocks.map((p) => p.name).join(', ') || '(none)'}

Demo users (pick one on the sign-in page; no password):
${users.map((u) => `  ${u.displayName.padEnd(width)}  ${u.userPrincipalName.padEnd(22)} ${u.jobTitle}, ${u.timeZone}`).join('\n')}

Press Ctrl+C to stop.`);

const stop = async () => {
  await served.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
