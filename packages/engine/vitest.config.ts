import { defineMqsimProject } from '../../vitest.shared.js';

// Whole scenario runs and the model fuzz: a time-out here guards against hangs, not speed.
export default defineMqsimProject('@mqsim/engine', { testTimeout: 60_000 });
