import type { ContractVersion } from './types';

/**
 * The version of this contract. Plugins declare the range they were written for in `requires`;
 * the registry refuses a plugin whose range does not include this version. Bump the major version
 * for any change that can break an existing plugin.
 */
export const CONTRACT_VERSION = '1.0.0' satisfies ContractVersion;

/** The plugin name the registry gives tools the gateway adds itself; no plugin may use it. */
export const BUILTIN_PLUGIN = 'gateway';
