/**
 * Stands in for `ajv` in the Worker bundle (wrangler.toml [alias]). The SDK's default JSON Schema
 * validator compiles code with `new Function`, which workerd forbids; the gateway always passes
 * the @cfworker/json-schema validator instead, so this is never constructed.
 */
export default class AjvUnavailable {
  constructor() {
    throw new Error('ajv is not available in this Worker; use CfWorkerJsonSchemaValidator');
  }
}
export const Ajv = AjvUnavailable;
