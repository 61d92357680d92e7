/**
 * `npm start`: the emulated tenant + `wrangler dev`, offline, then how to connect a client.
 * With a real Entra app in .dev.vars (MS_CLIENT_ID/MS_CLIENT_SECRET), it talks to Microsoft.
 */
import { ensureDevVars, startLocalGateway } from './local-gateway';

const port = Number(process.env.PORT ?? 8787);
const { realMicrosoft } = ensureDevVars(process.cwd());
console.log(
  realMicrosoft
    ? 'Using your Microsoft Entra app from .dev.vars.'
    : 'Starting the emulated Microsoft 365 tenant (no Microsoft account needed)…',
);

// The MCP Inspector's web UI talks to the gateway from its own origin: allow it locally.
const INSPECTOR_ORIGINS = 'http://localhost:6274,http://127.0.0.1:6274';
const gateway = await startLocalGateway({
  port,
  emulatorPort: realMicrosoft ? 0 : Number(process.env.EMULATOR_PORT ?? 8788),
  verbose: Boolean(process.env.VERBOSE),
  vars: { ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS ?? INSPECTOR_ORIGINS },
});
const config = JSON.stringify(
  { mcpServers: { m365: { command: 'npx', args: ['-y', 'mcp-remote', gateway.mcpUrl] } } },
  null,
  2,
);

console.log(`
M365 MCP Gateway is running.

  MCP URL:   ${gateway.mcpUrl}
  Health:    ${gateway.url}/health${gateway.emulatorUrl ? `\n  Emulated Microsoft 365: ${gateway.emulatorUrl} (demo users are listed on its sign-in page)` : ''}

Connect a client:
  MCP Inspector:   npx @modelcontextprotocol/inspector   → Transport "Streamable HTTP", URL ${gateway.mcpUrl}, then "Connect"
                   (it walks you through the gateway's consent page and the Microsoft sign-in)
  Claude Code:     claude mcp add --transport http m365 ${gateway.mcpUrl}
  Claude Desktop:  add to claude_desktop_config.json:
${config.replace(/^/gm, '    ')}

Press Ctrl+C to stop.`);

const shutdown = async () => {
  await gateway.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
