import { providerKey } from '@ratchet/core';
import type { CommandRulesRequirement } from './provider.js';

/** The command-rules provider's key: `policy.requirementOf(COMMAND_RULES_PROVIDER)` holds the requirements rules. */
export const COMMAND_RULES_PROVIDER = providerKey<CommandRulesRequirement, Record<string, never>>('command-rules');
