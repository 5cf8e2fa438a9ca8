import { describeLaws } from '@ratchet/testkit/vitest';
import { sandboxArbitraries } from './arbitraries.js';
import { sandboxProvider } from './provider.js';

describeLaws(sandboxProvider(), sandboxArbitraries);
