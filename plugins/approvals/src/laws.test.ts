import { describeLaws } from '@ratchet/testkit/vitest';
import { approvalsArbitraries } from './arbitraries.js';
import { approvalsProvider } from './provider.js';

describeLaws(approvalsProvider(), approvalsArbitraries);
