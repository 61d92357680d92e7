/**
 * The deployment's tool policy (docs/architecture.md §3): `TOOLS_ALLOW`, `TOOLS_DENY`, `READ_ONLY`. It
 * becomes the registry's `toolFilter`, so a disabled tool is not listed, cannot be called, and
 * its Graph permissions are neither requested from Microsoft nor advertised (the registry's
 * scopes come from the tools it keeps).
 *
 * Built-in tools (`authenticate`) need no permission and are how a user repairs a sign-in, so an
 * allow list need not name them; only `TOOLS_DENY` removes them.
 */
import { BUILTIN_PLUGIN, type RegisteredTool } from '../plugin';
import type { GatewayConfig } from './config';

export type ToolPolicy = Pick<GatewayConfig, 'toolsAllow' | 'toolsDeny' | 'readOnly'>;

/**
 * Config problems of the policy against the tools the enabled plugins provide: names that match
 * no tool (a typo would silently allow or deny nothing), and a policy that leaves no plugin tool.
 *
 * @example
 * const problems = toolPolicyProblems(config, unfiltered.tools); // ['TOOLS_DENY names "sendMail", …']
 */
export function toolPolicyProblems(policy: ToolPolicy, available: readonly RegisteredTool[]): string[] {
  const names = new Set(available.map((entry) => entry.tool.name));
  const known = [...names].sort().join(', ');
  const problems: string[] = [];
  for (const [variable, list] of [
    ['TOOLS_ALLOW', policy.toolsAllow],
    ['TOOLS_DENY', policy.toolsDeny],
  ] as const) {
    const unknown = list.filter((name) => !names.has(name));
    if (unknown.length > 0) {
      problems.push(
        `${variable} names ${unknown.map((name) => `"${name}"`).join(', ')}, which no enabled plugin provides (tool names are case-sensitive; available: ${known})`,
      );
    }
  }
  if (
    problems.length === 0 &&
    !available.some((entry) => entry.plugin !== BUILTIN_PLUGIN && toolAllowed(policy, entry))
  ) {
    problems.push('TOOLS_ALLOW, TOOLS_DENY and READ_ONLY together leave no tool enabled: allow at least one tool');
  }
  return problems;
}

/**
 * Whether the policy keeps a tool (the registry's `toolFilter`).
 *
 * @example
 * createRegistry(plugins, { toolFilter: (entry) => toolAllowed(config, entry) });
 */
export function toolAllowed(policy: ToolPolicy, entry: RegisteredTool): boolean {
  const { name, annotations } = entry.tool;
  if (policy.toolsDeny.includes(name)) return false;
  if (entry.plugin !== BUILTIN_PLUGIN && policy.toolsAllow.length > 0 && !policy.toolsAllow.includes(name))
    return false;
  // Only a truthful readOnlyHint counts: a tool that does not declare it may write.
  if (policy.readOnly && annotations?.readOnlyHint !== true) return false;
  return true;
}
