import { defineMqsimProject } from '../../vitest.shared.js';

// Whole scenario runs, sweeps and the shell: minutes of simulated time per test.
export default defineMqsimProject('mqsim', { testTimeout: 60_000 });
