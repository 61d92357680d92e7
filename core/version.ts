/** The gateway's name and version as reported to MCP clients and on /health. */
export const GATEWAY_NAME = 'm365-mcp-gateway';
export const GATEWAY_VERSION = '0.1.0';
