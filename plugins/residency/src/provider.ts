import { RESIDENCY_PROVIDER } from './keys.js';
import { abbreviate, createProvider, typeName, type Reporter } from '@ratchet/core';
import { RESIDENCIES, type Residency } from './regions.js';
import { residencySchema } from './schema.js';

/** What requirements say about residency: the region every session must stay in, when set. */
export interface ResidencyRequirement {
  readonly enforce_residency?: Residency;
}

/** The residency provider has no user settings: nothing in config.toml asks for a region. */
export type ResidencySettings = Record<never, never>;

const KEY = 'enforce_residency';
const FIX = `write ${KEY} = "us", or remove it`;

/** Reads `enforce_residency`: exactly the string "us"; anything else (another region, "US", a list) is reported. */
function parseResidency(raw: unknown, report: Reporter): Residency | undefined {
  if (typeof raw !== 'string') {
    report({
      severity: 'error',
      kind: 'invalid-type',
      key: KEY,
      message: `invalid type: expected the string "us", found ${typeName(raw)}`,
      suggestion: FIX,
    });
    return undefined;
  }
  const region = RESIDENCIES.find((r) => r === raw);
  if (region !== undefined) return region;
  report({
    severity: 'error',
    kind: 'unknown-value',
    key: KEY,
    message: `unknown value "${abbreviate(raw)}": the only accepted value is "us"`,
    suggestion: FIX,
  });
  return undefined;
}

/**
 * The residency provider: `enforce_residency = "us"` pins the runtime residency. It has no config.toml key; hosts
 * read the effective `enforce_residency` (unset when no layer requires it).
 */
export function residencyProvider() {
  return createProvider({
    key: RESIDENCY_PROVIDER,
    docs: {
      summary: 'enforce_residency = "us" requires every session to keep its data in the US.',
      description:
        '"us" is the only accepted value; any other value, spelling ("US") or type stops loading. There is no ' +
        'config.toml key: the effective runtime value enforce_residency is "us" when required and unset otherwise. ' +
        'The highest layer that sets it wins.',
    },
    requirementKeys: [KEY],
    fields: { enforce_residency: { docs: 'The data residency region every session must use; only "us".' } },
    settings: {},
    outputs: [KEY],
    schema: residencySchema,
    parse(slice, { report }) {
      if (slice.enforce_residency === undefined) return {};
      const residency = parseResidency(slice.enforce_residency, report);
      return residency ? { enforce_residency: residency } : {};
    },
    tighten(a, b) {
      const residency = a.enforce_residency ?? b.enforce_residency;
      return residency ? { enforce_residency: residency } : {};
    },
    allows: () => true,
    resolve({ requirement: { value } }) {
      const required = value.enforce_residency;
      return {
        values: {
          enforce_residency: required
            ? { value: required, rule: `required by ${KEY}`, constrainedBy: [KEY] }
            : { value: undefined, rule: `no ${KEY} requirement: residency is not enforced` },
        },
      };
    },
    print: (r) => (r.enforce_residency ? { enforce_residency: r.enforce_residency } : {}),
  });
}
