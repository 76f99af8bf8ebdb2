/** The script provisioner (spec: agent-protocol.md §5 "script"). */
export type { ScriptConfig, ScriptConfigInput } from './config';
export { ScriptConfigSchema } from './config';
export type { ScriptAction, ScriptReply, ScriptRequest } from './protocol';
export { SCRIPT_PROTOCOL_VERSION, ScriptReplySchema } from './protocol';
export type { ScriptProvisionerDeps } from './provisioner';
export { createScriptProvisioner, PASSED_ENV } from './provisioner';
