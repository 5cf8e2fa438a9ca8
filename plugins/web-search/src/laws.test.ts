import { describeLaws } from '@ratchet/testkit/vitest';
import { webSearchArbitraries } from './arbitraries.js';
import { webSearchProvider } from './provider.js';

describeLaws(webSearchProvider(), webSearchArbitraries);
